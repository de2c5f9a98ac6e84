import { QueryClient } from '@tanstack/svelte-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../lib/backend';
import { fakeBackend, rejectWith } from '../../lib/fakeBackend';
import type {
  GenerateIdentityRequest,
  ProducedRecord,
  ProduceRecordRequest,
  RecordableRun,
  RecordVerdict,
  SignedOffRecord,
  SignOffRecordRequest,
  SigningIdentity,
} from '../../lib/ipc/generated';
import { language } from '../../lib/language.svelte';
import { recordLabels } from './labels';
import { defaultFileName, dialogKey, pdfTime, shortTime, signatureRole, verdictChecks, verdictState } from './logic';
import { backendContext } from '../../lib/backendContext';
import ScreenHost from '../ScreenHost.test.svelte';
import RecordsScreen from './RecordsScreen.svelte';

const run: RecordableRun = {
  id: '0190a000-0000-7000-8000-000000000001',
  title: 'Phishing at Sæther & Zn.',
  kind: 'incident',
  playbook: 'Information security incident procedure',
  startedAt: '2026-11-26T08:00:00Z',
  closed: true,
  eventCount: 42,
};

const identity: SigningIdentity = {
  exists: true,
  organisation: 'Demo CRM Online AS',
  subject: 'CN=Demo CRM Online AS',
  issuer: 'CN=Demo CRM Online AS',
  fingerprint: 'ab'.repeat(32),
  notBefore: '2026-11-26 08:00:00 UTC',
  notAfter: '2036-11-26 08:00:00 UTC',
};

const signature = {
  signer: 'Demo CRM Online AS',
  signedAt: 'D:20261126090000Z',
  subject: 'CN=Demo CRM Online AS',
  fingerprint: 'ab'.repeat(32),
  digestMatches: true,
  signatureValid: true,
  coversWholeFile: true,
  validAtSigning: true,
  trusted: true,
};

function verdict(valid: boolean): RecordVerdict {
  return {
    path: '/tmp/r.pdf',
    valid,
    summary: valid ? 'Valid: signed by CN=Demo CRM Online AS.' : 'Broken: digest mismatch.',
    problems: valid ? [] : ['digest mismatch'],
    signatures: [{ ...signature, digestMatches: valid }],
    checkpointCount: 40,
    checkpointHead: 'cd'.repeat(32),
    checkpointMatchesJournal: true,
  };
}

function show(over: Partial<Backend>, lang: 'en' | 'nl' = 'en') {
  language.current = lang;
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const backend = fakeBackend({
    recordableRuns: () => Promise.resolve([run]),
    signingIdentity: () => Promise.resolve(identity),
    ...over,
  });
  return render(ScreenHost, { props: { screen: RecordsScreen, client }, context: backendContext(backend) });
}

afterEach(cleanup);

describe('records logic', () => {
  it('names the file after kind, day and title, safely', () => {
    expect(defaultFileName(run)).toBe('incident-record-2026-11-26-phishing-at-saether-zn.pdf');
    expect(defaultFileName({ ...run, kind: 'exercise', title: '!!!' })).toBe('exercise-report-2026-11-26.pdf');
  });
  it('maps Enter and Escape, and ignores composition', () => {
    expect(dialogKey({ key: 'Enter' })).toBe('confirm');
    expect(dialogKey({ key: 'Escape' })).toBe('close');
    expect(dialogKey({ key: 'Enter', isComposing: true })).toBeNull();
    expect(dialogKey({ key: 'a' })).toBeNull();
  });
  it('lists the checks of a broken verdict with the failing one false', () => {
    const checks = verdictChecks(verdict(false));
    expect(checks.find((c) => c.key === 'digest')?.ok).toBe(false);
    expect(checks.find((c) => c.key === 'coversWhole')?.ok).toBe(true);
    expect(verdictChecks({ ...verdict(true), signatures: [] })).toEqual([]);
    for (const c of checks) expect(recordLabels.en[c.key as keyof typeof recordLabels.en]).toBeTruthy();
  });
  it('shows times readably', () => {
    expect(shortTime('2026-11-26T21:50:56.231995Z')).toBe('2026-11-26 21:50 UTC');
    expect(pdfTime("D:20261126215110+00'00'")).toBe('2026-11-26 21:51:10 +00:00');
    expect(pdfTime('D:20261126215110Z')).toBe('2026-11-26 21:51:10 UTC');
    expect(pdfTime('yesterday')).toBe('yesterday');
  });
  it('reads the three verdicts and the role of each signature', () => {
    expect(verdictState(verdict(true))).toBe('valid');
    expect(verdictState(verdict(false))).toBe('broken');
    expect(verdictState({ ...verdict(true), valid: false, verdict: 'untrusted' })).toBe('untrusted');
    expect(signatureRole({ ...signature, roles: ['incident-manager', 'dpo'], reason: 'x' })).toBe(
      'incident-manager, dpo',
    );
    expect(signatureRole({ ...signature, roles: [], reason: 'Organisation seal' })).toBe('Organisation seal');
  });
  it('has the same labels in Dutch and English', () => {
    expect(Object.keys(recordLabels.nl).sort()).toEqual(Object.keys(recordLabels.en).sort());
  });
});

describe('RecordsScreen', () => {
  it('lists runs and signs: a wrong passphrase says so and keeps the dialog and the path', async () => {
    const calls: ProduceRecordRequest[] = [];
    const produced: ProducedRecord = {
      path: '/tmp/r.pdf',
      kind: 'incident',
      reference: 'INC-2026-00000001',
      pages: 3,
      bytes: 9000,
      signer: 'Demo CRM Online AS',
      checkpointCount: 42,
      checkpointHead: 'cd'.repeat(32),
    };
    show({
      produceRecord: (request) => {
        calls.push(request);
        return request.passphrase === 'right'
          ? Promise.resolve(produced)
          : rejectWith({ code: 'wrong_passphrase', message: 'wrong passphrase' });
      },
    });
    await fireEvent.click(await screen.findByTestId('produce-incident'));
    const dialog = screen.getByTestId('sign-dialog');
    await fireEvent.input(screen.getByTestId('save-path'), { target: { value: '/tmp/r.pdf' } });
    await fireEvent.input(screen.getByTestId('passphrase'), { target: { value: 'wrong' } });
    await fireEvent.keyDown(screen.getByTestId('passphrase'), { key: 'Enter' });
    expect((await screen.findByTestId('sign-error')).textContent).toContain('Wrong passphrase');
    expect(screen.getByTestId('sign-dialog')).toBe(dialog);
    expect(screen.getByTestId<HTMLInputElement>('save-path').value).toBe('/tmp/r.pdf');
    expect(screen.getByTestId<HTMLInputElement>('passphrase').value).toBe('');
    await fireEvent.input(screen.getByTestId('passphrase'), { target: { value: 'right' } });
    await fireEvent.click(screen.getByTestId('sign-button'));
    expect((await screen.findByTestId('produced')).textContent).toContain('INC-2026-00000001');
    expect(screen.queryByTestId('sign-dialog')).toBeNull();
    expect(calls).toEqual([
      { run: run.id, language: 'en', passphrase: 'wrong', path: '/tmp/r.pdf' },
      { run: run.id, language: 'en', passphrase: 'right', path: '/tmp/r.pdf' },
    ]);
    expect(screen.getByTestId<HTMLInputElement>('verify-path').value).toBe('/tmp/r.pdf');
  });

  it('Escape closes the dialog without signing', async () => {
    let signed = false;
    show({
      produceRecord: () => {
        signed = true;
        return rejectWith({ code: 'failed', message: 'x' });
      },
    });
    await fireEvent.click(await screen.findByTestId('produce-incident'));
    await fireEvent.keyDown(screen.getByTestId('passphrase'), { key: 'Escape' });
    expect(screen.queryByTestId('sign-dialog')).toBeNull();
    expect(signed).toBe(false);
  });

  it('states the verdict plainly: valid, then broken with why', async () => {
    let valid = true;
    show({ verifyRecord: () => Promise.resolve(verdict(valid)) });
    await fireEvent.input(await screen.findByTestId('verify-path'), { target: { value: '/tmp/r.pdf' } });
    await fireEvent.click(screen.getByTestId('verify-button'));
    expect((await screen.findByTestId('verdict-word')).textContent).toBe('VALID');
    valid = false;
    await fireEvent.click(screen.getByTestId('verify-button'));
    await waitFor(() => expect(screen.getByTestId('verdict-word').textContent).toBe('BROKEN'));
    expect(screen.getByTestId('verdict-summary').textContent).toContain('digest mismatch');
  });

  it('shows the identity, and generating one sends the passphrase twice', async () => {
    const sent: GenerateIdentityRequest[] = [];
    show(
      {
        signingIdentity: () => Promise.resolve({ ...identity, exists: false, subject: null, fingerprint: null }),
        generateIdentity: (request) => {
          sent.push(request);
          return rejectWith({ code: 'invalid_request', message: 'the two passphrases differ' });
        },
      },
      'nl',
    );
    expect((await screen.findByTestId('no-identity')).textContent).toContain('ondertekeningsidentiteit');
    await fireEvent.input(screen.getByTestId('new-passphrase'), { target: { value: 'a' } });
    await fireEvent.input(screen.getByTestId('new-passphrase-again'), { target: { value: 'b' } });
    await fireEvent.click(screen.getByTestId('identity-submit'));
    expect((await screen.findByTestId('identity-error')).textContent).toContain('differ');
    expect(sent).toEqual([{ passphrase: 'a', again: 'b', replace: false, organisation: null }]);
    expect(screen.getByTestId<HTMLInputElement>('new-passphrase').value).toBe('a');
  });

  it('shows the certificate fingerprint of an existing identity', async () => {
    show({});
    expect((await screen.findByTestId('identity-fingerprint')).textContent).toBe('ab'.repeat(32));
  });

  it('says INTACT BUT SIGNER NOT TRUSTED with how to get the CA certificate, and names each signer and role', async () => {
    const trusts: (string | null)[] = [];
    show({
      verifyRecord: (request) => {
        trusts.push(request.trust);
        const untrusted = request.trust === null;
        return Promise.resolve({
          ...verdict(!untrusted),
          verdict: untrusted ? 'untrusted' : 'valid',
          summary: untrusted ? 'INTACT BUT SIGNER NOT TRUSTED: 2 signatures.' : 'VALID: 2 signatures.',
          signatures: [
            {
              ...signature,
              signer: 'Kari Nordmann',
              person: 'Kari Nordmann',
              roles: ['incident-manager'],
              kind: 'certification',
            },
            { ...signature, signer: 'Ingrid Berg', person: 'Ingrid Berg', roles: ['dpo'], kind: 'approval' },
          ],
        });
      },
    });
    await fireEvent.input(await screen.findByTestId('verify-path'), { target: { value: '/tmp/r.pdf' } });
    await fireEvent.click(screen.getByTestId('verify-button'));
    expect((await screen.findByTestId('verdict-word')).textContent).toBe('INTACT BUT SIGNER NOT TRUSTED');
    expect(screen.getByTestId('how-to-trust').textContent).toContain('vakt ca export');
    const rows = screen.getAllByTestId('verdict-signature').map((r) => r.textContent ?? '');
    expect(rows[0]).toContain('Kari Nordmann');
    expect(rows[0]).toContain('incident-manager');
    expect(rows[0]).toContain('certifies');
    expect(rows[1]).toContain('Ingrid Berg');
    expect(rows[1]).toContain('dpo');
    await fireEvent.input(screen.getByTestId('trust-path'), { target: { value: '/tmp/CA.pem' } });
    await fireEvent.click(screen.getByTestId('verify-button'));
    await waitFor(() => expect(screen.getByTestId('verdict-word').textContent).toBe('VALID'));
    expect(screen.queryByTestId('how-to-trust')).toBeNull();
    expect(trusts).toEqual([null, '/tmp/CA.pem']);
  });

  it('signs off as the holder of a sign-off role: a wrong passphrase keeps the dialog', async () => {
    const calls: SignOffRecordRequest[] = [];
    const done: SignedOffRecord = {
      path: '/tmp/INC.pdf',
      bytes: 9000,
      kind: 'incident',
      pages: 4,
      person: 'ab'.repeat(32),
      name: 'Kari Nordmann',
      roles: ['incident-manager'],
      certification: true,
      signatures: 1,
      certificateFingerprint: 'cd'.repeat(32),
      timestamp: null,
      waiting: ['dpo: Ingrid Berg'],
      recordSha256: 'ef'.repeat(32),
      journaledIn: run.id,
    };
    show({
      recordSignoffs: () =>
        Promise.resolve([
          {
            role: 'incident-manager',
            holder: 'Kari Nordmann',
            person: 'ab'.repeat(32),
            name: 'Kari Nordmann',
            keyHere: true,
          },
          { role: 'dpo', holder: 'Ingrid Berg', person: null, name: null, keyHere: false },
        ]),
      signOffRecord: (request) => {
        calls.push(request);
        return request.passphrase === 'right'
          ? Promise.resolve(done)
          : rejectWith({ code: 'wrong_passphrase', message: 'wrong passphrase' });
      },
    });
    await fireEvent.click(await screen.findByTestId('sign-off-incident'));
    const dialog = screen.getByTestId('sign-off-dialog');
    expect((await screen.findByTestId('sign-off-roles')).textContent).toContain('no key on this computer');
    await fireEvent.input(screen.getByTestId('sign-off-path'), { target: { value: '/tmp/INC.pdf' } });
    await fireEvent.input(screen.getByTestId('sign-off-passphrase'), { target: { value: 'wrong' } });
    await fireEvent.keyDown(screen.getByTestId('sign-off-passphrase'), { key: 'Enter' });
    expect((await screen.findByTestId('sign-off-error')).textContent).toContain('does not unlock your key');
    expect(screen.getByTestId('sign-off-dialog')).toBe(dialog);
    expect(screen.getByTestId<HTMLInputElement>('sign-off-path').value).toBe('/tmp/INC.pdf');
    expect(screen.getByTestId<HTMLInputElement>('sign-off-passphrase').value).toBe('');
    await fireEvent.input(screen.getByTestId('sign-off-passphrase'), { target: { value: 'right' } });
    await fireEvent.click(screen.getByTestId('sign-off-button'));
    expect((await screen.findByTestId('signed-off')).textContent).toContain('dpo: Ingrid Berg');
    expect(screen.queryByTestId('sign-off-dialog')).toBeNull();
    expect(calls.map((c) => [c.run, c.person, c.passphrase, c.path, c.tsa])).toEqual([
      [run.id, 'ab'.repeat(32), 'wrong', '/tmp/INC.pdf', undefined],
      [run.id, 'ab'.repeat(32), 'right', '/tmp/INC.pdf', undefined],
    ]);
    expect(screen.getByTestId('signed-off-journal').textContent).toContain(`Journaled in run ${run.id.slice(0, 8)}`);
    expect(screen.getByTestId<HTMLInputElement>('verify-path').value).toBe('/tmp/INC.pdf');
  });

  it('passes the time-stamping authority typed in the sign-off dialog and shows what became of it', async () => {
    const calls: SignOffRecordRequest[] = [];
    show({
      recordSignoffs: () =>
        Promise.resolve([
          { role: 'dpo', holder: 'Ingrid Berg', person: 'ef'.repeat(32), name: 'Ingrid Berg', keyHere: true },
        ]),
      signOffRecord: (request) => {
        calls.push(request);
        return Promise.resolve({
          path: request.path,
          bytes: 9100,
          kind: null,
          pages: null,
          person: 'ef'.repeat(32),
          name: 'Ingrid Berg',
          roles: ['dpo'],
          certification: false,
          signatures: 2,
          certificateFingerprint: '12'.repeat(32),
          timestamp: 'the time-stamping authority could not be reached: add the timestamp later with vakt timestamp',
          waiting: [],
          recordSha256: '34'.repeat(32),
          journaledIn: null,
        });
      },
    });
    await fireEvent.click(await screen.findByTestId('sign-off-incident'));
    await screen.findByTestId('sign-off-roles');
    await fireEvent.click(screen.getByTestId('sign-off-add'));
    await fireEvent.input(screen.getByTestId('sign-off-input'), { target: { value: '/tmp/INC.pdf' } });
    await fireEvent.input(screen.getByTestId('sign-off-tsa'), { target: { value: '  http://127.0.0.1:9/tsa ' } });
    await fireEvent.input(screen.getByTestId('sign-off-passphrase'), { target: { value: 'ingrid' } });
    await fireEvent.click(screen.getByTestId('sign-off-button'));
    expect((await screen.findByTestId('signed-off-timestamp')).textContent).toContain('vakt timestamp');
    expect(screen.getByTestId('signed-off-journal').textContent).toContain('belongs to no run here');
    expect(calls).toEqual([
      {
        input: '/tmp/INC.pdf',
        path: '/tmp/INC.pdf',
        person: 'ef'.repeat(32),
        passphrase: 'ingrid',
        tsa: 'http://127.0.0.1:9/tsa',
      },
    ]);
  });
});
