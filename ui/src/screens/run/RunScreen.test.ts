import { QueryClient } from '@tanstack/svelte-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../lib/backend';
import { fakeBackend, rejectWith } from '../../lib/fakeBackend';
import type {
  Me,
  NotificationDraftRequest,
  NotificationView,
  RunActRequest,
  RunView,
  TaskCancelRequest,
  TaskProgress,
  TaskProgressRequest,
} from '../../lib/ipc/generated';
import { language } from '../../lib/language.svelte';
import { navigation } from '../../lib/navigation.svelte';
import { now } from '../../lib/now.svelte';
import { backendContext } from '../../lib/backendContext';
import ScreenHost from '../ScreenHost.test.svelte';
import { runView, step, text } from '../testdata';
import RunScreen from './RunScreen.svelte';
import { shortcutFor } from './shortcuts';

const me: Me = {
  person: {
    id: '86d8b59cc5bcf90c6fd196d96d341bb0428bf3c9ae3687f16656c6bf1faa7049',
    displayName: 'Kari',
    fullName: null,
    osUser: 'kari',
    osUid: 1000,
    nameConfirmed: true,
    passphraseSet: false,
    certificateSubject: 'CN=Kari',
    certificateIssuer: 'CN=Kari',
    selfSigned: true,
    workspacePerson: null,
    workspaceName: null,
    eligibleRoles: [],
    auditor: false,
  },
  others: [],
};

function show(over: Partial<Backend>) {
  const b = fakeBackend({
    runList: () => Promise.resolve([]),
    settings: () => Promise.resolve({ role: 'incident-manager', language: 'en', workspacePath: '/ws' }),
    me: () => Promise.resolve(me),
    ...over,
  });
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

const triage = runView().steps[1]!;
const active = runView({
  steps: [step({ status: 'started', statusAt: '2026-11-26T08:00:00Z', statusBy: 'Kari' }), triage],
  lastSeq: 2,
});
const atDecision = runView(
  {
    steps: [step({ status: 'done' }), { ...triage, status: 'active', statusAt: null }],
    lastSeq: 4,
  },
  { phase: 'responding' },
);

/** After the decision: contain and notify run side by side, by different people. */
const contain = step({
  id: 'contain',
  title: text('Contain'),
  role: 'technical-lead',
  holder: 'Kari',
  track: 'contain',
  after: ['triage'],
  status: 'active',
  evidenceRequests: [
    { id: 'memory-image-hashes', title: text('Memory image hashes'), required: true, satisfied: false },
    { id: 'log', title: text('Containment log'), required: false, satisfied: true },
  ],
});
const assign = step({ id: 'assign-roles', title: text('Assign roles'), role: 'incident-manager', status: 'active' });
const notify = step({
  id: 'notify-customers',
  title: text('Notify customers'),
  role: 'communications',
  holder: 'Ola',
  track: 'notify',
  after: ['gdpr-role'],
  status: 'active',
});
const parallel = runView(
  {
    tracks: [
      { id: 'assess', title: text('Assess') },
      { id: 'contain', title: text('Contain') },
      { id: 'notify', title: text('Notify') },
    ],
    steps: [step({ status: 'done' }), { ...triage, status: 'done' }, assign, contain, notify],
    lastSeq: 6,
  },
  { phase: 'responding' },
);
const card = (id: string) => screen.getAllByTestId('active-step').find((c) => c.dataset.step === id)!;

describe('RunScreen', () => {
  it('shows every active step grouped by track, each with its role and who holds it', async () => {
    show({ runView: () => Promise.resolve(parallel) });
    await screen.findAllByTestId('active-step');
    const tracks = screen.getAllByTestId('track');
    expect(tracks.map((t) => t.dataset.track)).toEqual(['assess', 'contain', 'notify']);
    expect(within(tracks[1]!).getByTestId('active-step').dataset.step).toBe('contain');
    expect(screen.getByTestId('active-count').textContent).toBe('3');
    expect(within(card('notify-customers')).getByTestId('step-role').textContent).toBe('communications');
    expect(within(card('notify-customers')).getByTestId('step-holder').textContent).toBe('Ola');
    // Required evidence is marked, and what is attached says so.
    const requests = within(card('contain')).getAllByTestId('evidence-request');
    expect(requests.map((r) => [r.dataset.request, r.dataset.satisfied])).toEqual([
      ['memory-image-hashes', 'false'],
      ['log', 'true'],
    ]);
    expect(requests[0]!.textContent).toContain('required');
    const items = screen.getAllByTestId('step-item');
    expect(items.map((i) => i.dataset.status)).toEqual(['done', 'done', 'active', 'active', 'active']);
  });

  it('completes two active steps in either order', async () => {
    const afterContain = runView(
      { ...parallel, steps: [...parallel.steps.slice(0, 3), { ...contain, status: 'done' }, notify], lastSeq: 7 },
      { phase: 'responding' },
    );
    const runAct = vi
      .fn((_r: RunActRequest) => Promise.resolve(afterContain))
      .mockResolvedValueOnce(afterContain)
      .mockResolvedValueOnce({ ...afterContain, lastSeq: 8 });
    show({ runView: () => Promise.resolve(parallel), runAct });
    await screen.findAllByTestId('active-step');
    // The later card first…
    await fireEvent.click(within(card('contain')).getByTestId('complete-step'));
    expect(runAct).toHaveBeenLastCalledWith({
      run: parallel.summary.id,
      action: { action: 'complete', step: 'contain' },
    });
    expect((await screen.findByTestId('saved')).textContent).toContain('event #7');
    // …then the one before it.
    await fireEvent.click(within(card('assign-roles')).getByTestId('complete-step'));
    expect(runAct).toHaveBeenLastCalledWith({
      run: parallel.summary.id,
      action: { action: 'complete', step: 'assign-roles' },
    });
  });

  it('asks for an override reason before acting on a step whose role someone else holds', async () => {
    const runAct = vi.fn((_r: RunActRequest) => Promise.resolve({ ...parallel, lastSeq: 7 }));
    show({ runView: () => Promise.resolve(parallel), runAct });
    await screen.findAllByTestId('active-step');
    expect(within(card('contain')).queryByTestId('override-reason')).toBeNull();
    const notifying = card('notify-customers');
    await fireEvent.click(within(notifying).getByTestId('complete-step'));
    expect(runAct).not.toHaveBeenCalled();
    await fireEvent.input(within(notifying).getByTestId('override-reason'), {
      target: { value: 'Ola is on the phone with the authority' },
    });
    await fireEvent.click(within(notifying).getByTestId('complete-step'));
    expect(runAct).toHaveBeenCalledWith({
      run: parallel.summary.id,
      action: {
        action: 'complete',
        step: 'notify-customers',
        overrideReason: 'Ola is on the phone with the authority',
      },
    });
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
    expect((await screen.findByTestId('active-step')).dataset.step).toBe('triage');
  });

  it('shows the elapsed time of a started step, marked late past its expected duration', async () => {
    show({ runView: () => Promise.resolve(active) });
    await screen.findByTestId('active-step');
    // 20 minutes into a 15-minute step.
    expect(screen.getByTestId('elapsed').textContent).toBe('20 min 00 s');
    expect(screen.getByTestId('elapsed').classList.contains('late')).toBe(true);
    expect(screen.getByTestId('active-step').textContent).toContain('Write down what was observed.');
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

  it('flags a decision answered differently and lets the incident manager settle it', async () => {
    const answer = (by: string, option: string, title: string, at: string) => ({
      event: `e-${by}`,
      option,
      optionTitle: text(title),
      by,
      host: `${by.toLowerCase()}-laptop`,
      at,
    });
    const conflicted = runView(
      {
        steps: [step({ status: 'done' }), { ...triage, status: 'done', statusAt: '2026-11-26T08:10:00Z' }],
        assignments: [{ role: 'incident-manager', person: 'Kari' }],
        conflicts: [
          {
            step: 'triage',
            stepTitle: text('Event or incident?'),
            answers: [
              answer('Ola', 'event', 'Event only', '2026-11-26T08:09:00Z'),
              answer('Ingrid', 'incident', 'Incident', '2026-11-26T08:10:00Z'),
            ],
            settled: null,
          },
        ],
        lastSeq: 6,
      },
      { phase: 'responding' },
    );
    const runAct = vi.fn((_request: RunActRequest) => Promise.resolve(conflicted));
    show({ runView: () => Promise.resolve(conflicted), runAct });
    const line = await screen.findByTestId('conflict');
    expect(line.textContent).toContain('Event or incident? was answered differently');
    expect(line.textContent).toContain('Ola (ola-laptop, 2026-11-26 08:09:00): Event only');
    expect(line.textContent).toContain('Ingrid (ingrid-laptop, 2026-11-26 08:10:00): Incident');
    await fireEvent.input(screen.getByTestId('settle-rationale'), { target: { value: 'data left the building' } });
    const incident = screen.getAllByTestId('settle').find((b) => b.dataset.option === 'incident');
    await fireEvent.click(incident!);
    expect(runAct).toHaveBeenCalledWith({
      run: conflicted.summary.id,
      action: { action: 'decide', step: 'triage', option: 'incident', rationale: 'data left the building' },
    });
  });

  it('shows the conflict without settle buttons to anyone but the incident manager, and a settled one as settled', async () => {
    const a = {
      event: 'e1',
      option: 'event',
      optionTitle: text('Event only'),
      by: 'Ola',
      host: 'ola-laptop',
      at: '2026-11-26T08:09:00Z',
    };
    const view = runView(
      {
        assignments: [{ role: 'incident-manager', person: 'Ingrid' }],
        conflicts: [
          { step: 'triage', stepTitle: text('Event or incident?'), answers: [a, { ...a, by: 'Kari' }], settled: null },
          { step: 'triage', stepTitle: text('Event or incident?'), answers: [a], settled: { ...a, by: 'Ingrid' } },
        ],
      },
      { phase: 'responding' },
    );
    show({ runView: () => Promise.resolve(view) });
    await screen.findByTestId('conflict');
    expect(screen.queryByTestId('settle')).toBeNull();
    expect(screen.getByTestId('conflict-settled').textContent).toContain('Settled by Ingrid (ola-laptop');
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

  it('attaches evidence to the selected step by path and shows its SHA-256', async () => {
    const sha = 'a1'.repeat(32);
    const evidenceAttach = vi.fn(() =>
      Promise.resolve({
        ...parallel,
        evidence: [
          {
            step: 'contain',
            text: 'mem.sha256',
            detail: 'memory',
            sha256: sha,
            size: 10,
            request: null,
            by: 'Kari',
            device: 'laptop-7',
            at: '2026-11-26T08:21:00Z',
          },
        ],
        lastSeq: 7,
      }),
    );
    show({ runView: () => Promise.resolve(parallel), evidenceAttach });
    await screen.findAllByTestId('active-step');
    await fireEvent.click(within(card('contain')).getByTestId('select-step'));
    expect(card('contain').classList.contains('selected')).toBe(true);
    await fireEvent.input(screen.getByTestId('evidence-path'), { target: { value: '/tmp/mem.sha256' } });
    await fireEvent.input(screen.getByTestId('evidence-description'), { target: { value: 'memory' } });
    await fireEvent.click(screen.getByTestId('attach'));
    expect(evidenceAttach).toHaveBeenCalledWith({
      run: parallel.summary.id,
      path: '/tmp/mem.sha256',
      step: 'contain',
      description: 'memory',
      method: 'copied-file',
      collectedBy: null,
      collectedAt: null,
      sourceHost: null,
      sourceSystem: null,
      byReference: false,
      copyLimit: null,
      task: `attach:${parallel.summary.id}`,
    });
    expect((await screen.findByTestId('evidence-sha256')).textContent).toBe(`SHA-256 ${sha}`);
    expect(screen.getByTestId<HTMLInputElement>('evidence-path').value).toBe('');
  });

  it('shows how far a large intake got and cancels it: nothing attached, what was typed kept', async () => {
    const task = `attach:${parallel.summary.id}`;
    let fail: (e: unknown) => void = () => {};
    const evidenceAttach = vi.fn(() => new Promise<RunView>((_resolve, reject) => (fail = reject)));
    let done = 0;
    const taskProgress = vi.fn(({ task: name }: TaskProgressRequest) => {
      done += 64 * 1024 * 1024;
      const progress: TaskProgress = {
        task: name,
        running: true,
        done,
        total: 1024 * 1024 * 1024,
        found: 0,
        cancelled: false,
      };
      return Promise.resolve(progress);
    });
    const taskCancel = vi.fn((_r: TaskCancelRequest) => {
      fail({ code: 'failed', message: 'cancelled; nothing was kept' });
      return Promise.resolve(true);
    });
    show({ runView: () => Promise.resolve(parallel), evidenceAttach, taskProgress, taskCancel });
    await screen.findAllByTestId('active-step');
    await fireEvent.input(screen.getByTestId('evidence-path'), { target: { value: '/images/disk.raw' } });
    await fireEvent.input(screen.getByTestId('evidence-description'), { target: { value: 'disk image' } });
    await fireEvent.click(screen.getByTestId('attach'));
    expect(evidenceAttach).toHaveBeenCalledTimes(1);
    // Progress is read under the attach's task name while it runs.
    await vi.waitFor(() =>
      expect(screen.getByTestId('evidence-progress-text').textContent).toMatch(/\d+\.0 \/ 1024\.0 MiB \(\d+%\)/),
    );
    expect(taskProgress).toHaveBeenCalledWith({ task });
    expect(screen.getByTestId('attach')).toHaveProperty('disabled', true);

    await fireEvent.click(screen.getByTestId('evidence-cancel'));
    expect(taskCancel).toHaveBeenCalledWith({ task });
    expect((await screen.findByTestId('run-error')).textContent).toBe('cancelled; nothing was kept');
    // The progress is gone, nothing was attached, what was typed is still there to try again.
    expect(screen.queryByTestId('evidence-progress')).toBeNull();
    expect(screen.queryByTestId('evidence-sha256')).toBeNull();
    expect(screen.getByTestId<HTMLInputElement>('evidence-path').value).toBe('/images/disk.raw');
    expect(screen.getByTestId<HTMLInputElement>('evidence-description').value).toBe('disk image');
    expect(screen.getByTestId('attach')).toHaveProperty('disabled', false);
    // No more progress polling once the intake has stopped.
    const polled = taskProgress.mock.calls.length;
    await new Promise((r) => setTimeout(r, 450));
    expect(taskProgress.mock.calls.length).toBe(polled);
  });

  it('offers Browse only where the host has a file dialog, and fills the path from it', async () => {
    show({ runView: () => Promise.resolve(active), pickFile: () => Promise.resolve('/home/kari/log.txt') });
    await fireEvent.click(await screen.findByTestId('browse'));
    await vi.waitFor(() =>
      expect(screen.getByTestId<HTMLInputElement>('evidence-path').value).toBe('/home/kari/log.txt'),
    );
  });

  it('acts on keyboard shortcuts outside text fields only, on the selected step', async () => {
    const runAct = vi.fn((_request: RunActRequest) => Promise.resolve(atDecision));
    show({ runView: () => Promise.resolve(active), runAct });
    await screen.findByTestId('active-step');
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
    await screen.findByTestId('active-step');
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

describe('RunScreen moments', () => {
  const moments = runView({
    moments: [
      {
        id: 'detection',
        title: text('Detection'),
        builtIn: true,
        claimedAt: '2026-11-26T07:50:00Z',
        recordedAt: '2026-11-26T08:05:00Z',
        reason: 'the filter flagged it',
        by: 'Kari',
        source: 'by hand',
      },
      {
        id: 'occurrence',
        title: text('Occurrence'),
        builtIn: true,
        claimedAt: null,
        recordedAt: null,
        reason: null,
        by: null,
        source: null,
      },
    ],
    metrics: { toDetect: null, toReport: 600, toContain: null, toEradicate: null, toRecover: null, toClose: null },
  });

  it('shows claimed and recorded times, and metrics only where both moments exist', async () => {
    show({ runView: () => Promise.resolve(moments) });
    const detection = await screen.findByTestId('moment');
    expect(detection.dataset.moment).toBe('detection');
    expect(within(detection).getByTestId('moment-claimed').textContent).toBe('2026-11-26T07:50:00Z');
    expect(detection.textContent).toContain('recorded 2026-11-26T08:05:00Z');
    expect(within(detection).getByTestId('moment-reason').textContent).toBe('the filter flagged it');
    const values = screen.getAllByTestId('metric-value').map((v) => v.textContent);
    expect(values[0]).toBe('not measured');
    expect(values[1]).toBe('10 min 00 s');
  });

  it('records a moment at an earlier time with a reason', async () => {
    const runAct = vi.fn((_request: RunActRequest) => Promise.resolve({ ...moments, lastSeq: 5 }));
    show({ runView: () => Promise.resolve(moments), runAct });
    await fireEvent.input(await screen.findByTestId('moment-at'), { target: { value: '2026-11-26T07:30' } });
    await fireEvent.input(screen.getByTestId('moment-reason-input'), {
      target: { value: 'the phishing mail arrived at 07:30' },
    });
    await fireEvent.click(screen.getByTestId('record-moment'));
    expect(runAct).toHaveBeenCalledWith({
      run: moments.summary.id,
      action: {
        action: 'moment',
        moment: 'occurrence',
        at: new Date('2026-11-26T07:30').toISOString().replace(/\.\d{3}Z$/, 'Z'),
        reason: 'the phishing mail arrived at 07:30',
      },
    });
  });
});

describe('RunScreen register', () => {
  const entry = (over: Partial<NotificationView>): NotificationView => ({
    notification: 'customer-early-notice',
    customer: 'Acme AS',
    recipient: 'each-affected-customer',
    title: text('Early notice to the customer'),
    clock: 'gdpr-art33-2-customers',
    step: 'notify-customers',
    template: 'customer-breach-notice',
    state: 'to-do',
    draftedAt: null,
    sentAt: null,
    sentRecordedAt: null,
    sentBy: null,
    channel: null,
    sentReason: null,
    acknowledgedAt: null,
    acknowledgement: null,
    ruledOut: null,
    ...over,
  });
  const register = runView({
    notifications: [
      entry({}),
      entry({
        customer: 'Bygg AS',
        state: 'sent',
        sentAt: '2026-11-26T08:10:00Z',
        sentBy: 'Ola',
        channel: 'e-mail',
      }),
      entry({
        notification: 'authority',
        customer: null,
        recipient: 'datatilsynet',
        title: text('Notification to the supervisory authority'),
        state: 'not-applicable',
        ruledOut: {
          step: 'gdpr-role',
          stepTitle: text('Our role for the data'),
          option: 'processor',
          optionTitle: text('Processor'),
        },
      }),
    ],
    affectedCustomers: ['Acme AS', 'Bygg AS'],
  });

  it('lists who has and has not been told', async () => {
    show({ runView: () => Promise.resolve(register) });
    const rows = await screen.findAllByTestId('register-entry');
    expect(rows.map((r) => [r.dataset.customer, r.dataset.state])).toEqual([
      ['Acme AS', 'to-do'],
      ['Bygg AS', 'sent'],
      ['', 'not-applicable'],
    ]);
    expect(screen.getByTestId('register-count').textContent).toBe('1 told, 1 not told yet');
    expect(rows[2]!.textContent).toContain('Our role for the data → Processor');
    expect(within(rows[2]!).queryByTestId('mark-sent')).toBeNull();
  });

  it('drafts a notice to copy or save, and records it as drafted', async () => {
    const notificationDraft = vi.fn((r: NotificationDraftRequest) =>
      Promise.resolve({
        notification: r.notification,
        customer: r.customer,
        language: r.language,
        template: 'templates/customer-breach-notice.en.md',
        text: 'Dear Acme AS, a phishing mail…',
        missing: ['contact_point'],
        savedTo: r.saveTo,
      }),
    );
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const runAct = vi.fn((_request: RunActRequest) => Promise.resolve({ ...register, lastSeq: 9 }));
    show({
      runView: () => Promise.resolve(register),
      notificationDraft,
      runAct,
      pickSavePath: () => Promise.resolve('/home/kari/acme.md'),
    });
    const rows = await screen.findAllByTestId('register-entry');
    await fireEvent.click(within(rows[0]!).getByTestId('show-draft'));
    expect((await screen.findByTestId<HTMLTextAreaElement>('draft-text')).value).toBe('Dear Acme AS, a phishing mail…');
    expect(screen.getByTestId('draft-missing').textContent).toContain('contact_point');
    expect(notificationDraft).toHaveBeenCalledWith({
      run: register.summary.id,
      notification: 'customer-early-notice',
      customer: 'Acme AS',
      language: 'en',
      saveTo: null,
    });
    await fireEvent.click(screen.getByTestId('copy-draft'));
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith('Dear Acme AS, a phishing mail…'));
    expect(runAct).toHaveBeenCalledWith({
      run: register.summary.id,
      action: { action: 'notificationDrafted', notification: 'customer-early-notice', customer: 'Acme AS' },
    });
    await fireEvent.click(screen.getByTestId('save-draft'));
    await vi.waitFor(() =>
      expect(notificationDraft).toHaveBeenLastCalledWith({
        run: register.summary.id,
        notification: 'customer-early-notice',
        customer: 'Acme AS',
        language: 'en',
        saveTo: '/home/kari/acme.md',
      }),
    );
    expect((await screen.findByTestId('draft-saved')).textContent).toBe('/home/kari/acme.md');
  });

  it('records a notice as sent, how and when', async () => {
    const runAct = vi.fn((_request: RunActRequest) => Promise.resolve({ ...register, lastSeq: 9 }));
    show({ runView: () => Promise.resolve(register), runAct });
    const rows = await screen.findAllByTestId('register-entry');
    await fireEvent.click(within(rows[0]!).getByTestId('mark-sent'));
    await fireEvent.input(screen.getByTestId('sent-channel'), { target: { value: 'e-mail' } });
    await fireEvent.click(screen.getByTestId('confirm-sent'));
    expect(runAct).toHaveBeenCalledWith({
      run: register.summary.id,
      action: {
        action: 'notificationSent',
        notification: 'customer-early-notice',
        customer: 'Acme AS',
        channel: 'e-mail',
        at: null,
        reason: null,
      },
    });
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
      { steps: [step({ status: 'done' }), { ...triage, status: 'done' }], lastSeq: 9 },
      { activeSteps: [], phase: 'sign-off' },
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
    expect(screen.getByTestId('record-not-signed-off').textContent).toContain('not signed off yet');
  });

  it("lists who signed the closed run's record off, in which role, with the hashes", async () => {
    const closedView = runView(
      {
        steps: [step({ status: 'done' }), { ...triage, status: 'done' }],
        signOffStatement: 'Handled per procedure.',
        lastSeq: 12,
        recordSignedOff: [
          {
            role: 'incident-manager',
            roles: ['incident-manager'],
            person: 'ab'.repeat(32),
            name: 'Kari Nordmann',
            recordSha256: '12'.repeat(32),
            certificateSha256: '34'.repeat(32),
            signedAt: '2026-11-26T12:05:00Z',
          },
          {
            role: 'dpo',
            roles: ['dpo'],
            person: 'cd'.repeat(32),
            name: 'Ingrid Berg',
            recordSha256: '56'.repeat(32),
            certificateSha256: '78'.repeat(32),
            signedAt: '2026-11-26T12:09:00Z',
          },
        ],
      },
      { activeSteps: [], phase: 'closed', closedBy: 'Kari', closedAt: '2026-11-26T12:00:00Z' },
    );
    show({ runView: () => Promise.resolve(closedView) });
    const list = await screen.findByTestId('record-signed-off');
    const items = within(list)
      .getAllByRole('listitem')
      .map((li) => li.textContent ?? '');
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('Kari Nordmann');
    expect(items[0]).toContain('(incident-manager)');
    expect(items[0]).toContain('1212121212121212');
    expect(items[1]).toContain('Ingrid Berg');
    expect(items[1]).toContain('(dpo)');
    expect(items[1]).toContain('7878787878787878');
    expect(screen.queryByTestId('record-not-signed-off')).toBeNull();
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
