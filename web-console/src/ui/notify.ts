import type { AssignmentNotice } from '../../../server/contracts/agent-events.ts';
import { format, strings } from '../strings.ts';

const STORAGE_KEY = 'concierge.console.notify';

/** Whether the agent opted in to sound and desktop notifications (kept in this browser only). */
export function notificationsWanted(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

/** Opting in asks the browser for permission (from the click, as browsers require). */
export async function setNotificationsWanted(wanted: boolean): Promise<'granted' | 'denied' | 'off'> {
  try {
    localStorage.setItem(STORAGE_KEY, wanted ? '1' : '0');
  } catch {
    // Private windows may refuse storage; the choice then lasts this page.
  }
  if (!wanted) return 'off';
  if (typeof Notification === 'undefined') return 'denied';
  const permission =
    Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  return permission === 'granted' ? 'granted' : 'denied';
}

let audio: AudioContext | null = null;

/** Two short tones, made on the spot (no sound file to fetch). */
function chime(): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.18, 1320],
    ] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.16);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.17);
    }
  } catch {
    // No audio output: the desktop notification (or the inbox) still tells the agent.
  }
}

/** Plays the chime and shows a desktop notification for an assignment, when the agent opted in. */
export function announceAssignment(notice: AssignmentNotice, onClick: () => void): void {
  if (!notificationsWanted()) return;
  chime();
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const name = notice.conversation.visitor.name ?? strings.visitor;
  const body =
    notice.cause === 'transfer' && notice.by !== undefined
      ? format(strings.assignedByTransfer, { by: notice.by.name, name })
      : format(strings.assignedNotification, { name });
  // The notification shows the visitor's name as plain text (the platform renders no markup).
  const notification = new Notification(strings.appName, { body, tag: notice.conversation.id });
  notification.onclick = () => {
    window.focus();
    onClick();
    notification.close();
  };
}
