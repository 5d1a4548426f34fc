import { readConfig, shouldRun } from './config';
import { masker } from './mask';
import { isActive, makeEvent, pageInfo, watchPages, whenActive } from './pages';
import { createTransport } from './transport';
import { safe } from './util';

/**
 * The page-view build: essential page views only, on load and on client-side navigation. It has
 * no API, no identifiers and never touches storage, so it needs no consent whatever the page's
 * `data-consent` says.
 */
safe(() => {
  const cfg = shouldRun() ? readConfig() : undefined;
  if (!cfg) return;
  const mask = masker(cfg.maskParams);
  const transport = createTransport(cfg.api, cfg.writeKey, isActive);
  whenActive(() =>
    watchPages((referrer) => {
      const page = pageInfo(mask, referrer);
      transport.send(makeEvent('page', page, { properties: page }));
    }),
  );
})();
