import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** The pid of a process that has exited (and been reaped), to stand for a crashed engine. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start a child process');
  await once(child, 'exit');
  return pid;
}
