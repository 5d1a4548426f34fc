import { Stack } from '@mantine/core';
import { useState } from 'react';
import { PageHeader } from '../../components/page-header.js';
import { EventDebuggerSection } from './event-debugger-section.js';
import { KeyEventsSection } from './key-events-section.js';
import { PrivacySection } from './privacy-section.js';
import { SourcesSection } from './sources-section.js';
import { ConsentRecordsSection } from './consent-records-section.js';
import { UnmatchedGroupsSection } from './unmatched-groups-section.js';
import { DEFAULT_TAG_SETTINGS, useDebugLog, useSources, useUsageSettings } from './usage-queries.js';
import { recentTrackNames } from './usage-snippets.js';

/**
 * Settings → Usage tracking, for admins: where events come from (sources and their keys), what is
 * kept private, which events count as key events, and a live view of what arrives.
 */
export function UsageSettingsPage() {
  const settings = useUsageSettings();
  const sources = useSources();
  const [paused, setPaused] = useState(false);
  const log = useDebugLog(paused);
  const tagSettings = settings.data ?? DEFAULT_TAG_SETTINGS;

  return (
    <>
      <PageHeader
        title="Usage tracking"
        description="Connect your product to Candor to see on each client’s page who uses it, how often, and which key features they adopted. Set up where events come from, what stays private, and watch events arrive."
      />
      <Stack gap={40}>
        <SourcesSection settings={tagSettings} />
        <PrivacySection />
        <UnmatchedGroupsSection />
        <KeyEventsSection recentNames={recentTrackNames(log.data?.items ?? [])} />
        <EventDebuggerSection log={log} sources={sources.data?.items} paused={paused} onPausedChange={setPaused} />
        <ConsentRecordsSection sources={sources.data?.items} />
      </Stack>
    </>
  );
}
