import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** Jalon's blue-green: calm, readable, distinct from Outlook blue. */
const jalon: MantineColorsTuple = [
  '#e6f7f6',
  '#d3ecea',
  '#a8d8d4',
  '#79c3bd',
  '#53b1a9',
  '#3aa69d',
  '#2aa097',
  '#1a8b83',
  '#0b7c74',
  '#006b64',
];

export const theme = createTheme({
  primaryColor: 'jalon',
  primaryShade: 8,
  colors: { jalon },
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  focusRing: 'auto',
  cursorType: 'pointer',
  components: {
    // Descriptions under the input keep inputs aligned in grids.
    InputWrapper: { defaultProps: { inputWrapperOrder: ['label', 'input', 'description', 'error'] } },
    Button: { defaultProps: { radius: 'md' } },
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'md' } },
  },
});
