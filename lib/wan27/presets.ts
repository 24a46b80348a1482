import { DEFAULT_VALUES, type ComposerValues } from "./schema";

export interface Preset {
  id: string;
  label: string;
  values: ComposerValues;
}

/** The three request examples of the Wan 2.7 model page, as form states. */
export const PRESETS: readonly Preset[] = [
  {
    id: "t2v-tiger",
    label: "Text-to-video: tiger at golden hour",
    values: {
      ...DEFAULT_VALUES,
      prompt: "A cinematic slow-motion shot of a tiger running through tall grass at golden hour",
      duration: 8,
      resolution: "1080p",
      aspectRatio: "16:9",
      promptExpansion: true,
    },
  },
  {
    id: "flf-smile",
    label: "First and last frame: a smile",
    values: {
      ...DEFAULT_VALUES,
      prompt: "The person turns to camera and smiles",
      image: "https://example.com/start.jpg",
      lastFrame: "https://example.com/end.jpg",
      duration: 5,
      resolution: "720p",
    },
  },
  {
    id: "continue-dragon",
    label: "Continuation: the dragon takes off",
    values: {
      ...DEFAULT_VALUES,
      prompt: "The dragon takes off and flies over the mountains",
      firstClip: "https://example.com/intro.mp4",
      duration: 8,
      resolution: "1080p",
    },
  },
];
