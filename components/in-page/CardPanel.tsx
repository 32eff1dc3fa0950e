// The in-page card's panel, rendered by QuoteCard (card.ts) into its closed shadow root. Page text is only
// ever a text child (Preact escapes it: nothing is parsed as HTML); only the reader's own (trusted) input
// saves; Ctrl/Cmd+Enter saves and Escape closes. The host (card.ts) owns placement and focus.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { SENTIMENTS, type Sentiment } from '../../utils/annotation';
import type { CardData, CardEdit } from './card';

export function parseTags(input: string): string[] {
  const out: string[] = [];
  for (const t of input.split(',')) {
    const tag = t.trim().slice(0, 100);
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out.slice(0, 50);
}

export interface CardPanelProps {
  data: CardData;
  speakers: string[];
  /** Message-only mode: the quote and this message, no form. */
  message?: string;
  dark?: boolean;
  save(edit: CardEdit): Promise<void>;
  /** Asks the host to close the card (after a save, on Escape, from the close button). */
  close(): void;
}

interface Fields {
  speaker: string;
  sentiment: Sentiment | null;
  tags: string;
  note: string;
}

const CHOICES: (Sentiment | null)[] = [null, ...SENTIMENTS];

export function CardPanel({ data, speakers, message, dark, save, close }: CardPanelProps) {
  const [fields, setFields] = useState<Fields>(() => ({ speaker: data.speaker ?? '', sentiment: data.sentiment, tags: data.tags.join(', '), note: data.note }));
  // The latest values, updated synchronously: a save never reads a render that is still pending.
  const latest = useRef(fields);
  const update = (patch: Partial<Fields>) => {
    latest.current = { ...latest.current, ...patch };
    setFields(latest.current);
  };
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState({ text: '', error: false });
  // Synchronous guards: a second Ctrl+Enter starts no second save, and a card closed while its save was
  // under way is neither updated nor closed again (the host may already show another quote).
  const busy = useRef(false);
  const alive = useRef(true);
  useLayoutEffect(() => () => { alive.current = false; }, []);

  const form = !message;

  const submit = async (event: Event) => {
    event.preventDefault();
    // Only the reader's own input saves: events a page script synthesises are not trusted.
    if (!event.isTrusted || busy.current) return;
    const v = latest.current;
    busy.current = true;
    setSaving(true);
    setStatus({ text: 'Saving…', error: false });
    try {
      await save({ speaker: v.speaker.trim().slice(0, 300) || null, sentiment: v.sentiment, tags: parseTags(v.tags), note: v.note.slice(0, 20_000) });
      if (!alive.current) return;
      setStatus({ text: 'Saved.', error: false });
      close();
    } catch (err) {
      if (alive.current) setStatus({ text: `Not saved: ${err instanceof Error ? err.message : String(err)}`, error: true });
    } finally {
      busy.current = false;
      if (alive.current) setSaving(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (form && e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
    if (e.key === 'Escape') { e.preventDefault(); close(); }
  };

  const title = data.kind === 'manual' && !data.saved ? 'Add a quotation' : data.saved ? 'Saved quotation' : 'Quotation';
  return (
    <div class={`panel${dark ? ' dark' : ''}`} role="dialog" aria-labelledby="ql-title" onKeyDown={onKeyDown}>
      <header>
        <h2 id="ql-title">{title}</h2>
        <button type="button" class="close" aria-label="Close" onClick={() => close()}>×</button>
      </header>
      <blockquote class="quote">{data.exact.length > 600 ? data.exact.slice(0, 600) + '…' : data.exact}</blockquote>
      {!form ? <p class="status" role="status">{message}</p> : (
        <form noValidate onSubmit={(e) => void submit(e)}>
          <label for="ql-speaker">{data.kind === 'manual' ? 'Speaker (who said it?)' : 'Speaker'}</label>
          <input id="ql-speaker" type="text" list="ql-speakers" autocomplete="off" maxLength={300}
            value={fields.speaker} onInput={(e) => update({ speaker: e.currentTarget.value })} />
          <datalist id="ql-speakers">
            {speakers.slice(0, 200).map((s) => <option value={s} />)}
          </datalist>
          <fieldset>
            <legend>Sentiment</legend>
            <div class="chips">
              {CHOICES.map((s) => (
                <label>
                  <input type="radio" name="ql-sentiment" value={s ?? ''} checked={fields.sentiment === s} onChange={() => update({ sentiment: s })} />
                  {s ?? 'none'}
                </label>
              ))}
            </div>
          </fieldset>
          <label for="ql-tags">Claim tags</label>
          <input id="ql-tags" type="text" autocomplete="off" placeholder="claim tags, comma separated"
            value={fields.tags} onInput={(e) => update({ tags: e.currentTarget.value })} />
          <label for="ql-note">Note</label>
          <textarea id="ql-note" rows={3} maxLength={20_000} value={fields.note} onInput={(e) => update({ note: e.currentTarget.value })} />
          <div class="actions">
            <button type="submit" class="primary" disabled={saving}>{data.saved ? 'Save changes' : 'Save'}</button>
            <p class={`status${status.error ? ' error' : ''}`} role="status" aria-live="polite">{status.text}</p>
          </div>
        </form>
      )}
    </div>
  );
}
