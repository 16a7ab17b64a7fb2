import { CHAT_ICON_PATH } from '../../shared/shell.ts';

// Decorative icons: hidden from assistive technology; the buttons carrying them have their own names.
const common = {
  'aria-hidden': 'true',
  focusable: 'false',
  viewBox: '0 0 24 24',
  width: 24,
  height: 24,
} as const;

export function ChatIcon() {
  return (
    <svg {...common}>
      <path fill="currentColor" d={CHAT_ICON_PATH} />
    </svg>
  );
}

export function CloseIcon() {
  return (
    <svg {...common}>
      <path
        fill="none"
        stroke="currentColor"
        stroke-width="2.2"
        stroke-linecap="round"
        d="M6 6l12 12M18 6L6 18"
      />
    </svg>
  );
}

export function SendIcon() {
  return (
    <svg {...common}>
      <path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
    </svg>
  );
}

export function StarIcon({ filled }: { filled: boolean }) {
  return (
    <svg {...common}>
      <path
        fill={filled ? 'currentColor' : 'none'}
        stroke="currentColor"
        stroke-width="1.6"
        stroke-linejoin="round"
        d="m12 3 2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z"
      />
    </svg>
  );
}
