import { join } from 'node:path';

/** The part of Electron's dialog module the save flow uses (structural, so tests can fake it). */
export interface SaveDialogApi {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
}

export interface SaveDialogOptions {
  title: string;
  defaultPath: string;
  properties: ('showOverwriteConfirmation' | 'createDirectory')[];
}

/**
 * The single-file export's save flow: the native save panel picks the target and itself asks
 * before replacing a file (macOS and Windows always; GTK with 'showOverwriteConfirmation'), and
 * only the path the panel last returned may then be replaced. Any other existing path, or any
 * path after a cancelled panel, is refused (saveExport then reports 'not overwritten').
 */
export function createSaveDialogFlow(dialog: SaveDialogApi, documentsDir: string) {
  let confirmedByDialog: string | null = null;
  return {
    async chooseSaveTarget(suggestedName: string): Promise<string | null> {
      const result = await dialog.showSaveDialog({
        title: 'Save export',
        defaultPath: join(documentsDir, suggestedName),
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      confirmedByDialog = result.canceled || !result.filePath ? null : result.filePath;
      return confirmedByDialog;
    },
    async confirmOverwrite(path: string): Promise<boolean> {
      return confirmedByDialog !== null && path === confirmedByDialog;
    },
  };
}
