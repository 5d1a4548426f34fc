import { Button, Card, FileInput, Group, List, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconFileTypeCsv, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, withQuery } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { ImportEntity, ImportView } from '../../api/types.js';
import { FormError } from '../../components/form-error.js';
import { PageHeader } from '../../components/page-header.js';
import { ImportSteps } from './import-steps.js';

/** Step one of an import: what the file holds, and the file. The rest happens on the import's own page. */
export function NewImportPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [entity, setEntity] = useState<ImportEntity>(params.get('entity') === 'contact' ? 'contact' : 'client');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const upload = useMutation({
    mutationFn: (csv: File) =>
      api.post<ImportView>(withQuery('/api/v1/imports', { entity, fileName: csv.name }), undefined, { raw: { body: csv, contentType: 'text/csv' } }),
    onSuccess: (created) => {
      queryClient.setQueryData(keys.import(created.id), created);
      void queryClient.invalidateQueries({ queryKey: keys.imports });
      void navigate(`/settings/imports/${encodeURIComponent(created.id)}`);
    },
  });

  const submit = () => {
    if (!file) {
      setFileError('Choose the CSV file to import');
      return;
    }
    if (!/\.csv$/i.test(file.name) && file.type !== 'text/csv') {
      setFileError('Choose a .csv file. In Excel or Google Sheets, use “Download as CSV”.');
      return;
    }
    setFileError(null);
    upload.mutate(file);
  };

  return (
    <>
      <PageHeader title={entity === 'client' ? 'Import clients' : 'Import contacts'} description="Nothing is written until you have checked what the file would do." />
      <ImportSteps active={0} />
      <Card withBorder radius="md" padding="xl" maw={720}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
          noValidate
        >
          <Stack gap="lg">
            <Stack gap={6}>
              <Text size="sm" fw={500} id="import-entity-label">
                What does the file hold?
              </Text>
              <SegmentedControl
                aria-labelledby="import-entity-label"
                value={entity}
                onChange={(v) => setEntity(v as ImportEntity)}
                data={[
                  { value: 'client', label: 'Clients' },
                  { value: 'contact', label: 'Contacts' },
                ]}
                w={280}
              />
            </Stack>
            <FileInput
              label="CSV file"
              description="Export it from your CRM or spreadsheet. The first row must name the columns."
              placeholder="Choose a .csv file"
              accept=".csv,text/csv"
              leftSection={<IconFileTypeCsv size={18} />}
              clearable
              value={file}
              onChange={(f) => {
                setFile(f);
                setFileError(null);
              }}
              error={fileError}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Good to know
              </Text>
              <List size="sm" c="dimmed" spacing={2}>
                {entity === 'client' ? (
                  <>
                    <List.Item>A name column is required; domains, CSM email, tier, status, tags and your custom fields are recognised too.</List.Item>
                    <List.Item>Clients already in Candor are matched by external id or domain and updated instead of duplicated.</List.Item>
                  </>
                ) : (
                  <>
                    <List.Item>Each row needs a first name or a full name; email, phone, job title, roles and the client (by its domain or external id) are recognised too.</List.Item>
                    <List.Item>Contacts already in Candor are matched by external id or email and updated instead of duplicated.</List.Item>
                  </>
                )}
                <List.Item>Card numbers, ID numbers, bank accounts, passwords and health information are never stored in clear: rows holding them are refused or redacted, as your workspace is set.</List.Item>
              </List>
            </Stack>
            <FormError error={upload.error} />
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/settings/imports">
                Cancel
              </Button>
              <Button type="submit" leftSection={<IconUpload size={16} />} loading={upload.isPending}>
                Upload and map columns
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </>
  );
}
