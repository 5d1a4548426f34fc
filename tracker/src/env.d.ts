/** The tag's version, set by tracker/build.mjs from package.json; sent as context.library.version. */
declare const __VERSION__: string;

interface Document {
  /** Chromium's Speculation Rules prerendering; absent where unsupported. */
  readonly prerendering?: boolean;
}

interface Navigator {
  /** Global Privacy Control (https://w3c.github.io/gpc/); absent where unsupported. */
  readonly globalPrivacyControl?: boolean;
}

interface Window {
  /** Old Safari and IE exposed Do Not Track here rather than on navigator. */
  readonly doNotTrack?: string | null;
}
