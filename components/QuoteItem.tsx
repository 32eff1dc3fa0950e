// One quotation in the popup: its words, who said it, and the form to tag it.
// Page text is only ever rendered as text nodes (Preact escapes it); never as HTML.
import { useState } from 'preact/hooks';
import { SENTIMENTS, type Annotation, type Sentiment } from '../utils/annotation';
import type { PageQuote } from '../utils/messages';
import { suggestSentiment } from '../utils/sentiment';

export interface QuoteRow {
  key: string;
  start: number | null;
  end: number | null;
  detected: PageQuote | null;
  saved: Annotation | null;
  status: 'detected' | 'exact' | 'moved' | 'fuzzy' | 'orphan';
}

export interface QuoteEdit {
  sentiment: Sentiment | null;
  speaker: string;
  tags: string[];
  note: string;
}

interface Props {
  row: QuoteRow;
  speakersListId: string;
  onReveal(row: QuoteRow): void;
  onSave(row: QuoteRow, edit: QuoteEdit): Promise<void>;
  onDelete(row: QuoteRow): Promise<void>;
}

const KIND_LABEL: Record<string, string> = {
  direct: 'quote', partial: 'partial quote', blockquote: 'block quote', headline: 'headline', indirect: 'reported speech', manual: 'added by you',
};

function parseTags(input: string): string[] {
  return input.split(',').map((t) => t.trim()).filter(Boolean);
}

export function QuoteItem({ row, speakersListId, onReveal, onSave, onDelete }: Props) {
  const text = row.saved?.exact ?? row.detected?.exact ?? '';
  const speaker = row.saved?.speaker ?? row.detected?.speaker ?? null;
  const kind = row.saved?.kind ?? row.detected?.kind ?? 'direct';
  const [open, setOpen] = useState(false);
  const suggestion = open && !row.saved?.sentiment ? suggestSentiment(text) : null;
  const [sentiment, setSentiment] = useState<Sentiment | null>(row.saved?.sentiment ?? null);
  const [speakerInput, setSpeakerInput] = useState(speaker ?? '');
  const [tags, setTags] = useState<string[]>(row.saved?.tags ?? []);
  const [tagInput, setTagInput] = useState('');
  const [note, setNote] = useState(row.saved?.note ?? '');
  const [busy, setBusy] = useState(false);
  const chosen = sentiment ?? suggestion?.sentiment ?? null;
  const id = `q-${row.key.replace(/[^\w-]/g, '_')}`;

  const addTags = (raw: string) => {
    const more = parseTags(raw).filter((t) => !tags.includes(t));
    if (more.length) setTags([...tags, ...more]);
    setTagInput('');
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const pending = parseTags(tagInput).filter((t) => !tags.includes(t));
      await onSave(row, { sentiment: chosen, speaker: speakerInput.trim(), tags: [...tags, ...pending], note });
      setTagInput('');
      setOpen(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class={`quote ${row.saved ? 'is-saved' : ''} ${row.status === 'orphan' ? 'is-orphan' : ''}`} data-testid="quote" data-saved={row.saved ? 'true' : 'false'}>
      <button
        type="button"
        class="quote-text"
        onClick={() => (row.status === 'orphan' ? setOpen(!open) : onReveal(row))}
        title={row.status === 'orphan' ? 'Not found on this page' : 'Show on the page'}
      >
        <span class="quote-words">“{text}”</span>
      </button>
      <div class="quote-meta">
        <span class="speaker" data-testid="speaker">{speaker ?? 'speaker unknown'}</span>
        <span class="kind">{KIND_LABEL[kind] ?? kind}</span>
        {row.saved && <span class="badge saved-badge" data-testid="saved-badge">saved{row.saved.sentiment ? ` · ${row.saved.sentiment}` : ''}</span>}
        {row.status === 'fuzzy' && <span class="badge warn">text changed since saved</span>}
        {row.status === 'orphan' && <span class="badge warn">not found on this page</span>}
        <button type="button" class="link" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)} data-testid="edit">
          {open ? 'Close' : row.saved ? 'Edit' : 'Tag'}
        </button>
      </div>
      {open && (
        <form id={id} class="editor" onSubmit={save}>
          <fieldset class="sentiments">
            <legend>Sentiment{suggestion && !sentiment ? ` (suggested: ${suggestion.sentiment})` : ''}</legend>
            {SENTIMENTS.map((s) => (
              <label key={s} class={`chip sentiment-${s}`}>
                <input type="radio" name={`${id}-sentiment`} value={s} checked={chosen === s} onChange={() => setSentiment(s)} />
                {s}
              </label>
            ))}
          </fieldset>
          <label class="field">
            Speaker
            <input type="text" list={speakersListId} value={speakerInput} onInput={(e) => setSpeakerInput(e.currentTarget.value)} data-testid="speaker-input" />
          </label>
          <label class="field">
            Claim tags <span class="hint">(comma or Enter to add)</span>
            <input
              type="text"
              value={tagInput}
              data-testid="tag-input"
              onInput={(e) => {
                const v = e.currentTarget.value;
                if (v.includes(',')) addTags(v);
                else setTagInput(v);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && tagInput.trim()) {
                  e.preventDefault();
                  addTags(tagInput);
                }
              }}
            />
          </label>
          {tags.length > 0 && (
            <ul class="tags" aria-label="Claim tags">
              {tags.map((t) => (
                <li key={t} class="chip">
                  {t}
                  <button type="button" class="remove" aria-label={`Remove tag ${t}`} onClick={() => setTags(tags.filter((x) => x !== t))}>×</button>
                </li>
              ))}
            </ul>
          )}
          <label class="field">
            Note
            <textarea rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} data-testid="note-input" />
          </label>
          <div class="actions">
            <button type="submit" class="primary" disabled={busy} data-testid="save">{row.saved ? 'Save changes' : 'Save'}</button>
            {row.saved && (
              <button type="button" class="danger" disabled={busy} onClick={() => onDelete(row)}>Delete</button>
            )}
          </div>
        </form>
      )}
    </li>
  );
}
