import { create } from 'zustand';

/** Which Cornerstone tool the left mouse button drives. */
interface ToolState {
  primaryTool: string;
  setPrimaryTool(primaryTool: string): void;
}

export const useToolStore = create<ToolState>()((set) => ({
  primaryTool: 'WindowLevel',
  setPrimaryTool: (primaryTool) => set({ primaryTool }),
}));
