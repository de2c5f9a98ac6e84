// The ONLY module that imports @tauri-apps/*. Everything else talks to a `Backend`, so tests
// and other hosts can supply their own. A test in src/lib/platform.test.ts enforces this.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { open, save } from '@tauri-apps/plugin-dialog';
import type { Backend } from './backend';
import { commands } from './ipc/generated';

export const tauriBackend: Backend = {
  ...commands(invoke),
  pickFile: () => open({ multiple: false, directory: false }),
  pickFolder: () => open({ multiple: false, directory: true }),
  pickSavePath: (defaultName: string) => save({ defaultPath: defaultName }),
  onSignal: (name, listener) => listen(name, () => listener()),
};
