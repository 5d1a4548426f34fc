import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MantineProvider } from '@mantine/core';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ExternalLink } from './external-link.js';

const render = (node: React.ReactNode) => renderToStaticMarkup(<MantineProvider>{node}</MantineProvider>);

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.test.tsx')) out.push(path);
  }
  return out;
}

describe('links that leave Candor', () => {
  it('[P35] open in a new tab with noopener noreferrer, marked as external, whatever the caller passes', () => {
    const html = render(
      <ExternalLink href="https://example.org/docs" {...({ rel: 'opener', target: '_self' } as object)}>
        Docs
      </ExternalLink>,
    );
    expect(html).toContain('href="https://example.org/docs"');
    expect(html).toContain('target="_blank"');
    expect(html).toContain('rel="noopener noreferrer"');
    expect(html).toContain('aria-label="(opens in a new tab)"');
  });

  it('[P35] are made only through ExternalLink: no other component opens a new tab or links out by hand', () => {
    const root = join(import.meta.dirname, '..');
    const offenders = sources(root)
      .filter((file) => !file.endsWith('external-link.tsx'))
      .filter((file) => /target=["{]|_blank|href=["']https?:/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });
});
