// The README's layer table ("How it is built") as lint rules, one block per layer folder.
// no-restricted-imports sees the import string, not the file it resolves to, so a relative
// import is recognised by the layer folder it climbs into (`../main/x`, `../../electron/core/x`).
// A layer that ever grows a subfolder named after another layer will need a look here.
import { builtinModules } from 'node:module';

const PRODUCTION_ONLY = ['test', 'bench', 'scripts'];

/** A relative path that climbs (`../`) into one of `folders`, whether or not via `electron/`. */
function climbsInto(folders) {
  return `(^|/)\\.\\./(electron/)?(${folders.join('|')})(/|$)`;
}

function pattern(regex, message, extra = {}) {
  return { regex, message, caseSensitive: true, ...extra };
}

function restrictImports(...patterns) {
  return { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] };
}

const notFromProduction = pattern(
  climbsInto(PRODUCTION_ONLY),
  'Production code never imports test/, bench/ or scripts/: move what you need into the layer that uses it.',
);

// `npm run demo` and its WXM sandbox: a trial against a fake WXM, never part of the app.
const notTheDemo = pattern(
  climbsInto(['demo', 'sandbox']),
  'Production code never imports electron/demo or electron/sandbox (the fake WXM): they exist for `npm run demo` and the tests only.',
);

// Dynamic import(), require() and import() types (`typeof import('node:fs')`, `import('electron').BrowserWindow`)
// would slip past no-restricted-imports. No layer uses an import() type: `import type` says the same and is checked.
const staticImportsOnly = {
  'no-restricted-syntax': [
    'error',
    {
      selector: 'ImportExpression',
      message: 'Use a static import, so the layer rules in eslint.layers.js can check it.',
    },
    {
      selector: "CallExpression[callee.name='require']",
      message: 'Use a static import, so the layer rules in eslint.layers.js can check it.',
    },
    {
      selector: 'TSImportType',
      message: 'Write `import type { … } from …` instead of an import() type, so the layer rules in eslint.layers.js can check it.',
    },
  ],
};

const COMMON_ONLY =
  'electron/common runs in main, the preload and the renderer alike: import only other electron/common files (./name) — no package, Node, Electron or other layer. Pass what you need in as a parameter.';
const COMMON_GLOBAL = 'electron/common runs in main, the preload and the renderer alike: pass what you need in as a parameter instead.';

/** A `..` segment anywhere after an `electron/common/`: `electron/common/../core/vault` is core, not common. */
const CLIMBS_OUT_OF_COMMON = '(^|/)electron/common/(.*/)?\\.\\.(/|$)';

export const layers = [
  {
    name: 'layers/common',
    files: ['electron/common/**/*.ts'],
    rules: {
      ...staticImportsOnly,
      ...restrictImports(pattern('^(?!\\./)|(^|/)\\.\\.(/|$)', COMMON_ONLY)),
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'global', 'require', '__dirname', '__filename', 'window', 'document', 'navigator', 'self'].map((name) => ({
          name,
          message: COMMON_GLOBAL,
        })),
      ],
    },
  },
  {
    name: 'layers/core',
    files: ['electron/core/**/*.ts'],
    rules: {
      ...staticImportsOnly,
      ...restrictImports(
        pattern(
          '^electron(/|$)',
          'electron/core is plain Node, tested without Electron: define a port in core (like clipboard/clipboard-port.ts) and fill it in electron/main.',
        ),
        pattern(
          climbsInto(['main', 'preload', 'renderer', 'cli']),
          'electron/core may import only electron/common: electron/main (or the command line) wires core up, never the other way round.',
        ),
        notFromProduction,
        notTheDemo,
      ),
    },
  },
  {
    name: 'layers/preload',
    files: ['electron/preload/**/*.ts'],
    rules: {
      ...staticImportsOnly,
      ...restrictImports(
        pattern(
          '^(?![./]|electron$)',
          "The sandboxed preload may import only 'electron' and electron/common: move the logic into electron/common (see bridge.ts).",
        ),
        pattern(
          climbsInto(['core', 'main', 'renderer']),
          'The preload may import only electron/common and electron: anything that needs core runs in main, reached over IPC.',
        ),
        notFromProduction,
        notTheDemo,
      ),
    },
  },
  {
    name: 'layers/main',
    files: ['electron/main/**/*.ts'],
    rules: {
      ...staticImportsOnly,
      ...restrictImports(
        pattern(
          climbsInto(['preload', 'renderer']),
          'electron/main loads the preload and the renderer as built files; share code through electron/common instead.',
        ),
        notFromProduction,
        notTheDemo,
      ),
    },
  },
  {
    name: 'layers/browser',
    files: ['electron/browser/**/*.ts'],
    rules: {
      ...staticImportsOnly,
      ...restrictImports(
        pattern('^electron(/|$)', 'The browser shell runs without Electron: use electron/core and playwright-core.'),
        pattern(
          climbsInto(['main', 'preload', 'renderer']),
          'The browser shell shares code with Electron through electron/core and electron/common, never electron/main.',
        ),
        notFromProduction,
        notTheDemo,
      ),
    },
  },
  {
    name: 'layers/sandbox',
    files: ['electron/sandbox/**/*.ts'],
    rules: {
      ...staticImportsOnly,
      ...restrictImports(
        pattern(
          '^(?!\\./|node:)',
          'electron/sandbox is a stand-alone fake WXM for the demo and the tests: import only Node and its own files, so it can never lean on the code it is there to test.',
        ),
      ),
    },
  },
  {
    name: 'layers/demo',
    files: ['electron/demo/**/*.ts'],
    rules: {
      ...staticImportsOnly,
      ...restrictImports(
        pattern('^electron(/|$)', 'The demo runs the browser shell without Electron: use electron/browser and electron/core.'),
        pattern(
          climbsInto(['main', 'preload', 'renderer']),
          'The demo drives the app through electron/browser and electron/core, never electron/main.',
        ),
        notFromProduction,
      ),
    },
  },
  {
    name: 'layers/cli',
    files: ['electron/cli/**/*.ts'],
    rules: {
      ...staticImportsOnly,
      ...restrictImports(
        pattern(
          '^electron(/|$)',
          'The wxm-vault command line is plain Node (the packaged app cannot run it): use electron/core and electron/common.',
        ),
        pattern(
          climbsInto(['main', 'preload', 'renderer', 'browser']),
          'electron/cli may import only electron/common and electron/core: share code with the shells through electron/core.',
        ),
        notFromProduction,
      ),
    },
  },
  {
    name: 'layers/renderer',
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.svelte'],
    rules: {
      ...staticImportsOnly,
      ...restrictImports(
        // `electron/common/../core` would pass as common: no `..` once inside electron/common/.
        pattern(
          `(^|/)electron(/(?!common/)|$)|${CLIMBS_OUT_OF_COMMON}`,
          'The renderer reaches main only through window.wxmVault (see renderer/src/lib/vault-api.ts); it may import only types from electron/common.',
        ),
        // The one runtime module the renderer shares with main, so a form checks exactly what main enforces.
        // A type import this pattern matches skips every other pattern (typescript-eslint), so it never matches a climb.
        pattern(
          `^(?!.*${CLIMBS_OUT_OF_COMMON}).*(^|/)electron/common/(?!field-rules(\\.ts)?$)`,
          'The renderer may import only types from electron/common: write `import type { … }`, or ask main through window.wxmVault.',
          { allowTypeImports: true },
        ),
        pattern(`^(node:|(${builtinModules.join('|')})(/|$))`, 'The renderer is a sandboxed page without Node: ask main through window.wxmVault.'),
        // electron/demo and electron/sandbox are already refused by the electron/ rule above.
        notFromProduction,
      ),
    },
  },
];
