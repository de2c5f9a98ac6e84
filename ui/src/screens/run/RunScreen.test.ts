import { QueryClient } from '@tanstack/svelte-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../lib/backend';
import { fakeBackend, rejectWith } from '../../lib/fakeBackend';
import type { RunActRequest, RunView } from '../../lib/ipc/generated';
import { language } from '../../lib/language.svelte';
import { navigation } from '../../lib/navigation.svelte';
import { now } from '../../lib/now.svelte';
import { backendContext } from '../../lib/backendContext';
import ScreenHost from '../ScreenHost.test.svelte';
import { runView, step } from '../testdata';
import RunScreen from './RunScreen.svelte';
import { shortcutFor } from './shortcuts';

function show(over: Partial<Backend>) {
  const b = fakeBackend({ runList: () => Promise.resolve([]), ...over });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(ScreenHost, { props: { screen: RunScreen, client }, context: backendContext(b) });
}

beforeEach(() => {
  language.current = 'en';
  now.current = Date.parse('2026-11-26T08:20:00Z');
  navigation.screen = 'run';
  navigation.run = runView().summary.id;
});
afterEach(cleanup);

const active = runView({
  steps: [step({ status: 'active', statusAt: '2026-11-26T08:00:00Z', statusBy: 'Kari' }), runView().steps[1]!],
  lastSeq: 2,
});
const atDecision = runView(
  {
    steps: [step({ status: 'done' }), { ...runView().steps[1]!, status: 'active', statusAt: '2026-11-26T08:10:00Z' }],
    lastSeq: 4,
  },
  { currentStep: 'triage', phase: 'responding' },
);

describe('RunScreen', () => {
  it('shows the current step large with role, expected and elapsed time, and the steps after it', async () => {
    show({ runView: () => Promise.resolve(active) });
    const current = await screen.findByTestId('current-step');
    expect(current.dataset.step).toBe('report-event');
    expect(current.textContent).toContain('Write down what was observed.');
    expect(current.textContent).toContain('Time of detection noted');
    expect(screen.getByTestId('step-role').textContent).toBe('responder');
    // 20 minutes into a 15-minute step: elapsed is shown, and marked late.
    expect(screen.getByTestId('elapsed').textContent).toBe('20 min 00 s');
    expect(screen.getByTestId('elapsed').classList.contains('late')).toBe(true);
    const items = screen.getAllByTestId('step-item');
    expect(items.map((i) => i.dataset.step)).toEqual(['report-event', 'triage']);
    expect(items[1]!.classList.contains('after')).toBe(true);
  });

  it('completes a step and says it is saved only with the committed journal event', async () => {
    let release: (v: RunView) => void = () => {};
    const runAct = vi.fn((_request: RunActRequest) => new Promise<RunView>((r) => (release = r)));
    show({ runView: () => Promise.resolve(active), runAct });
    await fireEvent.click(await screen.findByTestId('complete-step'));
    expect(runAct).toHaveBeenCalledWith({
      run: active.summary.id,
      action: { action: 'complete', step: 'report-event' },
    });
    expect(screen.queryByTestId('saved')).toBeNull();
    release(atDecision);
    expect((await screen.findByTestId('saved')).textContent).toContain('event #4');
    expect((await screen.findByTestId('current-step')).dataset.step).toBe('triage');
  });

  it('takes the event-or-incident decision with its rationale', async () => {
    const runAct = vi.fn((_request: RunActRequest) => Promise.resolve(atDecision));
    show({ runView: () => Promise.resolve(atDecision), runAct });
    await screen.findByTestId('rationale');
    expect(screen.queryByTestId('complete-step')).toBeNull();
    await fireEvent.input(screen.getByTestId('rationale'), { target: { value: 'customer data exposed' } });
    const incident = screen.getAllByTestId('decide').find((b) => b.dataset.option === 'incident');
    await fireEvent.click(incident!);
    expect(runAct).toHaveBeenCalledWith({
      run: atDecision.summary.id,
      action: {
        action: 'decide',
        step: 'triage',
        option: 'incident',
        rationale: 'customer data exposed',
      },
    });
  });

  it('skips only with a reason, and keeps the reason when the core refuses', async () => {
    const runAct = vi.fn(() =>
      rejectWith({ code: 'forbidden', message: 'an auditor may read and verify but change nothing' }),
    );
    show({ runView: () => Promise.resolve(active), runAct });
    await fireEvent.click(await screen.findByTestId('skip-step'));
    await fireEvent.input(screen.getByTestId('reason'), { target: { value: 'not applicable here' } });
    await fireEvent.click(screen.getByTestId('confirm-reason'));
    expect(runAct).toHaveBeenCalledWith({
      run: active.summary.id,
      action: {
        action: 'skip',
        step: 'report-event',
        reason: 'not applicable here',
      },
    });
    expect((await screen.findByTestId('run-error')).textContent).toContain('change nothing');
    expect(screen.getByTestId<HTMLInputElement>('reason').value).toBe('not applicable here');
  });

  it('attaches evidence by path and shows its SHA-256', async () => {
    const sha = 'a1'.repeat(32);
    const runAttach = vi.fn(() =>
      Promise.resolve({
        ...active,
        evidence: [
          {
            step: 'report-event',
            text: 'mail.eml',
            detail: 'the mail',
            sha256: sha,
            size: 10,
            by: 'Kari',
            at: '2026-11-26T08:21:00Z',
          },
        ],
        lastSeq: 3,
      }),
    );
    show({ runView: () => Promise.resolve(active), runAttach });
    await fireEvent.input(await screen.findByTestId('evidence-path'), { target: { value: '/tmp/mail.eml' } });
    await fireEvent.input(screen.getByTestId('evidence-description'), { target: { value: 'the mail' } });
    await fireEvent.click(screen.getByTestId('attach'));
    expect(runAttach).toHaveBeenCalledWith({
      run: active.summary.id,
      path: '/tmp/mail.eml',
      step: 'report-event',
      description: 'the mail',
    });
    expect((await screen.findByTestId('evidence-sha256')).textContent).toBe(`SHA-256 ${sha}`);
    expect(screen.getByTestId<HTMLInputElement>('evidence-path').value).toBe('');
  });

  it('offers Browse only where the host has a file dialog, and fills the path from it', async () => {
    show({ runView: () => Promise.resolve(active), pickFile: () => Promise.resolve('/home/kari/log.txt') });
    await fireEvent.click(await screen.findByTestId('browse'));
    await vi.waitFor(() =>
      expect(screen.getByTestId<HTMLInputElement>('evidence-path').value).toBe('/home/kari/log.txt'),
    );
  });

  it('acts on keyboard shortcuts outside text fields only', async () => {
    const runAct = vi.fn((_request: RunActRequest) => Promise.resolve(atDecision));
    show({ runView: () => Promise.resolve(active), runAct });
    await screen.findByTestId('current-step');
    await fireEvent.keyDown(screen.getByTestId('note'), { key: 'c' });
    expect(runAct).not.toHaveBeenCalled();
    await fireEvent.keyDown(window, { key: 'c' });
    expect(runAct).toHaveBeenCalledWith({
      run: active.summary.id,
      action: { action: 'complete', step: 'report-event' },
    });
  });

  it('puts the cursor where N, E and K say: the note, the evidence path, the reason to skip', async () => {
    show({ runView: () => Promise.resolve(active) });
    await screen.findByTestId('current-step');
    await fireEvent.keyDown(window, { key: 'n' });
    expect(document.activeElement).toBe(screen.getByTestId('note'));
    await fireEvent.keyDown(window, { key: 'e' });
    expect(document.activeElement).toBe(screen.getByTestId('evidence-path'));
    await fireEvent.keyDown(window, { key: 'k' });
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('reason')));
  });

  it('saves a note with Ctrl+Enter and empties the field once the journal has it', async () => {
    const runAct = vi.fn((_request: RunActRequest) => Promise.resolve({ ...active, lastSeq: 3 }));
    show({ runView: () => Promise.resolve(active), runAct });
    const note = await screen.findByTestId<HTMLTextAreaElement>('note');
    await fireEvent.input(note, { target: { value: 'caller confirmed' } });
    await fireEvent.keyDown(note, { key: 'Enter', ctrlKey: true });
    expect(runAct).toHaveBeenCalledWith({
      run: active.summary.id,
      action: {
        action: 'note',
        step: 'report-event',
        text: 'caller confirmed',
      },
    });
    expect((await screen.findByTestId('saved')).textContent).toContain('event #3');
    expect(note.value).toBe('');
  });
});

describe('RunScreen roles and sign-off', () => {
  it('assigns a role to a person, the first role chosen by default', async () => {
    const runAct = vi.fn((_request: RunActRequest) =>
      Promise.resolve({ ...active, assignments: [{ role: 'incident-manager', person: 'Kari' }], lastSeq: 3 }),
    );
    show({ runView: () => Promise.resolve(active), runAct });
    await fireEvent.input(await screen.findByTestId('assign-person'), { target: { value: 'Kari' } });
    await fireEvent.click(screen.getByTestId('assign'));
    expect(runAct).toHaveBeenCalledWith({
      run: active.summary.id,
      action: {
        action: 'assignRole',
        role: 'incident-manager',
        person: 'Kari',
      },
    });
    await vi.waitFor(() => expect(screen.getByTestId('assignments').textContent).toContain('incident-manager: Kari'));
  });

  it('offers the sign-off once every step is behind, and shows the run closed after it', async () => {
    const behind = runView(
      { steps: [step({ status: 'done' }), { ...runView().steps[1]!, status: 'done' }], lastSeq: 9 },
      { currentStep: null, currentStepTitle: null, phase: 'sign-off' },
    );
    const closedView = {
      ...behind,
      signOffStatement: 'Handled per procedure.',
      lastSeq: 10,
      summary: { ...behind.summary, phase: 'closed' as const, closedBy: 'Kari', closedAt: '2026-11-26T12:00:00Z' },
    };
    const runAct = vi.fn((_request: RunActRequest) => Promise.resolve(closedView));
    show({ runView: () => Promise.resolve(behind), runAct });
    expect((await screen.findByTestId('sign-off')).textContent).toContain('incident-manager');
    await fireEvent.input(screen.getByTestId('statement'), { target: { value: 'Handled per procedure.' } });
    await fireEvent.click(screen.getByTestId('sign'));
    expect(runAct).toHaveBeenCalledWith({
      run: behind.summary.id,
      action: { action: 'close', statement: 'Handled per procedure.' },
    });
    expect((await screen.findByTestId('closed')).textContent).toContain('Kari');
    expect(screen.queryByTestId('evidence-path')).toBeNull();
  });
});

describe('shortcutFor', () => {
  const key = (k: string, more: Partial<{ altKey: boolean; ctrlKey: boolean; inField: boolean }> = {}) =>
    shortcutFor({ key: k, altKey: false, ctrlKey: false, metaKey: false, inField: false, ...more });
  it('maps plain letters to actions and ignores modifiers and fields', () => {
    expect(key('s')).toBe('start');
    expect(key('C')).toBe('complete');
    expect(key('k')).toBe('skip');
    expect(key('n')).toBe('note');
    expect(key('e')).toBe('evidence');
    expect(key('x')).toBeNull();
    expect(key('s', { altKey: true })).toBeNull();
    expect(key('s', { ctrlKey: true })).toBeNull();
    expect(key('s', { inField: true })).toBeNull();
  });
});
