import { Alert, Code, Divider, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { CopyTextButton, CopyValue } from '../../components/copy-value.js';
import { ExternalLink } from '../../components/external-link.js';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { bannerSnippet, curlExample, liteTagSnippet, noticeTemplate, PRIVACY_CHOICES_LINK, segmentNodeExample, tagSnippet, type TagSettings } from './usage-snippets.js';

const TAG_CALLS: readonly { call: string; what: ReactNode }[] = [
  {
    call: "candor.identify('user-123', { email: 'ada@example.com' })",
    what: 'Says who the signed-in person is. With an email, Candor links them to the contact who has that address.',
  },
  {
    call: "candor.group('example.com')",
    what: 'Says which client the person works for: the client’s external ID or one of its domains.',
  },
  {
    call: "candor.track('Report exported')",
    what: 'Records something the person did. Names you list under Key events are counted on client pages.',
  },
  {
    call: 'candor.consent({ functional: true })',
    what: 'Passes on the visitor’s answer to your cookie banner, and keeps a record of it. With false, only essential page views are sent and what the tag stored is removed.',
  },
  {
    call: 'candor.reset()',
    what: 'Call it when the person signs out, so the next person on that computer is not mistaken for them.',
  },
];

/** Where the tag goes, what it sends on its own, and what the page can call. */
export function BrowserSetupGuide({ writeKey, settings }: { writeKey: string; settings: TagSettings }) {
  const origin = window.location.origin;
  return (
    <Stack gap="md">
      <Stack gap={6}>
        <Text size="sm">
          Paste this tag into the <Code>&lt;head&gt;</Code> of every page of your site or web app, usually in the layout template all pages share. It records a page view for each
          page, including the pages of single-page apps that change without reloading.
        </Text>
        <CopyValue value={tagSnippet(origin, writeKey, settings)} label="Copy tag" testId="tag-snippet" />
      </Stack>
      <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
        {settings.consentMode === 'opt-in' ? (
          <>
            Your workspace asks for consent first (opt-in): until a visitor agrees, the tag sends only page views without cookies or ids. When your cookie banner gets a yes, call{' '}
            <Code>candor.consent(&#123; functional: true &#125;)</Code>.
          </>
        ) : (
          <>
            Your workspace tracks unless a visitor refuses (opt-out). When someone refuses in your cookie banner, call <Code>candor.consent(&#123; functional: false &#125;)</Code> on
            every page.
          </>
        )}
      </Alert>
      <Stack gap={6}>
        <Title order={4} size="h6">
          No cookie banner yet?
        </Title>
        <Text size="sm" c="dimmed">
          Add Candor’s banner right after the tag. It asks once, makes saying no as easy as saying yes, passes the answer to the tag and keeps a record of it. Set{' '}
          <Code>data-policy-url</Code> to your privacy notice.
        </Text>
        <CopyValue value={bannerSnippet(origin)} label="Copy banner" testId="banner-snippet" />
        <Text size="sm" c="dimmed">
          Visitors must be able to change their answer later: put this link in the footer of every page.
        </Text>
        <CopyValue value={PRIVACY_CHOICES_LINK} label="Copy link" testId="privacy-choices-link" />
      </Stack>
      <Stack gap={6}>
        <Title order={4} size="h6">
          Privacy notice
        </Title>
        <Text size="sm" c="dimmed">
          A first draft of the paragraph your privacy notice needs about the tag, written from this workspace’s settings. Fill in the parts in brackets and have it reviewed before
          you publish it. Your cookie policy can list each key the tag keeps, with its category and lifetime, from the{' '}
          <ExternalLink href="/cookies">cookie declaration</ExternalLink>
          .
        </Text>
        <Textarea value={noticeTemplate(settings)} readOnly autosize minRows={6} maxRows={14} aria-label="Privacy notice draft" data-testid="notice-template" />
        <div>
          <CopyTextButton value={noticeTemplate(settings)} label="Copy notice" />
        </div>
      </Stack>
      <Stack gap={6}>
        <Title order={4} size="h6">
          What your app can tell Candor
        </Title>
        <Text size="sm" c="dimmed">
          Your developers add these calls where they fit, for example identify and group right after sign-in.
        </Text>
        <Table withTableBorder verticalSpacing="xs" fz="sm">
          <Table.Tbody>
            {TAG_CALLS.map((row) => (
              <Table.Tr key={row.call}>
                <Table.Td w="46%" style={{ verticalAlign: 'top' }}>
                  <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{row.call}</Code>
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>{row.what}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      <Divider />
      <Stack gap={6}>
        <Title order={4} size="h6">
          Only need page views?
        </Title>
        <Text size="sm" c="dimmed">
          The lite tag sends page views and nothing else: no cookies, no ids, no identify, track or group. Because it stores nothing about the visitor, it needs no consent.
        </Text>
        <CopyValue value={liteTagSnippet(origin, writeKey)} label="Copy lite tag" testId="lite-tag-snippet" />
      </Stack>
    </Stack>
  );
}

/** How a backend sends events: any Segment library, pointed at this Candor. */
export function ServerSetupGuide({ writeKey }: { writeKey: string }) {
  const origin = window.location.origin;
  return (
    <Stack gap="md">
      <Text size="sm">
        Candor understands the Segment API, so your backend can use a Segment or RudderStack library as it is. Point it at Candor instead of Segment: set its host (RudderStack: data
        plane URL) to <Code>{origin}</Code> and use this source’s key as the write key.
      </Text>
      <Stack gap={6}>
        <Title order={4} size="h6">
          Node.js with @segment/analytics-node
        </Title>
        <CopyValue value={segmentNodeExample(origin, writeKey)} label="Copy example" testId="segment-example" />
      </Stack>
      <Stack gap={6}>
        <Title order={4} size="h6">
          Try it from a terminal
        </Title>
        <Text size="sm" c="dimmed">
          Sends one event; it shows up in the live event debugger on this page within seconds.
        </Text>
        <CopyValue value={curlExample(origin, writeKey)} label="Copy command" testId="curl-example" />
      </Stack>
      <Text size="xs" c="dimmed">
        Keep the key on your servers. Candor refuses a server key that arrives from a web page, where anyone could read it; use a browser source there.
      </Text>
    </Stack>
  );
}
