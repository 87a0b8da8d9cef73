import { createContext, useContext, type Accessor } from 'solid-js';
import type { DraftSession } from './draft';
import type { Option } from './fields';

export type EditorTab = 'scenario' | 'sides' | 'metrics' | 'sources' | 'questions' | 'graph' | 'preview';
export type Selection = { kind: 'node' | 'ending'; index: number } | null;

/** Choices offered by the pickers, refreshed with each check rather than on every keystroke. */
export type EditorOptions = {
  nodes: Option[];
  targets: Option[];
  sides: Option[];
  owners: Option[];
  metrics: Option[];
  choices: Option[];
  sources: Option[];
};

export type Editor = {
  session: DraftSession;
  options: Accessor<EditorOptions>;
  tab: Accessor<EditorTab>;
  setTab: (tab: EditorTab) => void;
  selection: Accessor<Selection>;
  select: (selection: Selection) => void;
  /** Opens the tab and item a path into the file belongs to, and focuses its field. */
  goTo: (path: string) => void;
  /** The validator's messages about exactly this path, for the field that edits it. */
  problemsAt: (path: string) => string[];
};

export const EditorContext = createContext<Editor>();

export function useEditor(): Editor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('useEditor outside the scenario editor');
  return editor;
}
