import { init as initCore, RenderingEngine, utilities } from '@cornerstonejs/core';
import {
  init as initTools,
  addTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  PanTool,
  Enums as ToolEnums,
} from '@cornerstonejs/tools';
import { init as initDicomImageLoader } from '@cornerstonejs/dicom-image-loader';
import { COLORMAP_NAMES, cornerstoneColormapName, rgbPoints } from './colormaps';
import { registerMeasureTools } from './tools/measureTools';

/** One rendering engine for the whole window: every viewport shares its WebGL context. */
export const RENDERING_ENGINE_ID = 'dti-viewer';
/** The tool group every viewport (stack or map volume) joins (same mouse bindings everywhere, like a PACS). */
export const STACK_TOOL_GROUP_ID = 'dti-stack-tools';

let ready: Promise<RenderingEngine> | null = null;

/**
 * Initialises Cornerstone core, tools and the DICOM image loader exactly once and returns the
 * shared rendering engine. Called lazily by the first viewport so an app that never shows an
 * image (e.g. a failed index) never pays for WebGL.
 */
export function initCornerstone(): Promise<RenderingEngine> {
  ready ??= (async () => {
    initCore();
    // Decoding runs in the loader's module workers; two cores here, so keep one decode worker.
    initDicomImageLoader({ maxWebWorkers: Math.max(1, Math.min(2, (navigator.hardwareConcurrency ?? 2) - 1)) });
    initTools();
    for (const name of COLORMAP_NAMES)
      utilities.colormap.registerColormap({ Name: cornerstoneColormapName(name), ColorSpace: 'RGB', RGBPoints: rgbPoints(name) });
    // No stack-scroll tool: the viewport pane steps slices on the wheel itself (ViewportPane).
    for (const tool of [WindowLevelTool, ZoomTool, PanTool]) addTool(tool);
    const group = ToolGroupManager.createToolGroup(STACK_TOOL_GROUP_ID);
    if (!group) throw new Error('Cornerstone tool group could not be created');
    const { MouseBindings } = ToolEnums;
    group.addTool(WindowLevelTool.toolName);
    group.addTool(ZoomTool.toolName);
    group.addTool(PanTool.toolName);
    group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
    group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
    group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
    registerMeasureTools(STACK_TOOL_GROUP_ID);
    return new RenderingEngine(RENDERING_ENGINE_ID);
  })();
  return ready;
}
