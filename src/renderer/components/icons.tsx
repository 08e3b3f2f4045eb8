/** A few line icons (24×24, currentColor), drawn here to avoid an icon package. */
import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

/** A line icon from its SVG paths (features may draw their own icons with it). */
export function makeIcon(paths: string[]) {
  return function Icon({ size = 18, ...rest }: IconProps) {
    return (
      <svg
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.8}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        {...rest}
      >
        {paths.map((d) => (
          <path key={d} d={d} />
        ))}
      </svg>
    );
  };
}

export const IconHome = makeIcon(['M3 11l9-7 9 7', 'M5 10v10h14V10', 'M10 20v-6h4v6']);
export const IconUsers = makeIcon([
  'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z',
  'M2 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 6 6v1',
  'M16 3.5a4 4 0 0 1 0 7.5',
  'M22 21v-1a6 6 0 0 0-4-5.6',
]);
export const IconFolder = makeIcon(['M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z']);
export const IconCalendar = makeIcon([
  'M4 6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v13a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2z',
  'M16 2v4',
  'M8 2v4',
  'M4 10h16',
]);
export const IconClock = makeIcon(['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 7v5l3 2']);
export const IconTeam = makeIcon([
  'M12 12a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z',
  'M5 21v-1a5 5 0 0 1 5-5h4a5 5 0 0 1 5 5v1',
]);
export const IconSettings = makeIcon([
  'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
  'M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z',
]);
export const IconSync = makeIcon(['M20 11a8 8 0 0 0-14.9-3.5', 'M4 4v4h4', 'M4 13a8 8 0 0 0 14.9 3.5', 'M20 20v-4h-4']);
export const IconSearch = makeIcon(['M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16z', 'M21 21l-4.3-4.3']);
export const IconCloudOff = makeIcon([
  'M3 3l18 18',
  'M7 18a4.6 4.4 0 0 1-.9-8.7',
  'M9.6 6.3A6 6 0 0 1 18 10h1a3.5 3.5 0 0 1 2.3 6.2',
]);
export const IconCloud = makeIcon(['M7 18a4.6 4.4 0 0 1 0-9 5 4.5 0 0 1 11 2h1a3.5 3.5 0 0 1 0 7z']);
export const IconDevice = makeIcon(['M4 5h16v11H4z', 'M2 19h20']);
export const IconAlert = makeIcon([
  'M12 9v4',
  'M12 17h.01',
  'M10.3 3.9L2 18a2 2 0 0 0 1.7 3h16.6a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z',
]);
export const IconCheck = makeIcon(['M5 12l5 5L20 7']);
export const IconPlus = makeIcon(['M12 5v14', 'M5 12h14']);
export const IconChevronUp = makeIcon(['M6 15l6-6 6 6']);
export const IconChevronDown = makeIcon(['M6 9l6 6 6-6']);
export const IconSelector = makeIcon(['M8 9l4-4 4 4', 'M16 15l-4 4-4-4']);
export const IconLogout = makeIcon([
  'M14 8V6a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h7a2 2 0 0 0 2-2v-2',
  'M9 12h12',
  'M18 9l3 3-3 3',
]);
export const IconVideo = makeIcon(['M15 10l5-3v10l-5-3z', 'M3 6h12v12H3z']);
export const IconMapPin = makeIcon([
  'M12 21s-7-6.2-7-11a7 7 0 1 1 14 0c0 4.8-7 11-7 11z',
  'M12 12a2 2 0 1 0 0-4 2 2 0 0 0 0 4z',
]);
export const IconLock = makeIcon(['M5 11h14v10H5z', 'M8 11V7a4 4 0 0 1 8 0v4']);
export const IconShare = makeIcon(['M4 12v7a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-7', 'M16 6l-4-4-4 4', 'M12 2v13']);
export const IconTrash = makeIcon(['M4 7h16', 'M10 11v6', 'M14 11v6', 'M5 7l1 13h12l1-13', 'M9 7V4h6v3']);
export const IconEdit = makeIcon(['M4 20h4L19 9l-4-4L4 16z', 'M14 6l4 4']);
export const IconBank = makeIcon([
  'M3 21h18',
  'M3 10h18',
  'M5 6l7-3 7 3',
  'M5 10v11',
  'M19 10v11',
  'M9 14v3',
  'M12 14v3',
  'M15 14v3',
]);
