// Editing one annotation in a modal <dialog>: the browser traps focus in it and Escape cancels.
import { useEffect, useRef, useState } from 'preact/hooks';
import { SENTIMENTS, type Annotation, type Sentiment } from '../../utils/annotation';

export interface EditValues {
  speaker: string | null;
  sentiment: Sentiment | null;
  tags: string[];
  note: string;
}

export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
}

export function EditDialog({ annotation: a, onSave, onCancel }: { annotation: Annotation; onSave: (v: EditValues) => void; onCancel: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const [speaker, setSpeaker] = useState(a.speaker ?? '');
  const [sentiment, setSentiment] = useState<Sentiment | null>(a.sentiment);
  const [tags, setTags] = useState(a.tags.join(', '));
  const [note, setNote] = useState(a.note);

  useEffect(() => {
    opener.current = document.activeElement;
    const dialog = ref.current;
    dialog?.showModal();
    return () => {
      // Closed before it leaves the page: while a modal dialog is open the rest of the page is inert, so the
      // focus below would fail and come back only later, by itself, losing the keys pressed meanwhile.
      if (dialog?.open) dialog.close();
      // Focus goes back where it was (the row or its Edit button).
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    };
  }, []);

  return (
    <dialog ref={ref} class="edit-dialog" aria-labelledby="edit-h" data-testid="edit-dialog" onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <form
        method="dialog"
        class="editor"
        onSubmit={(e) => {
          e.preventDefault();
          onSave({ speaker: speaker.trim() || null, sentiment, tags: parseTags(tags), note });
        }}
      >
        <h2 id="edit-h">Edit annotation</h2>
        <blockquote class="lib-quote full">{a.exact}</blockquote>
        <label class="field">
          Speaker
          <input type="text" value={speaker} onInput={(e) => setSpeaker(e.currentTarget.value)} data-testid="edit-speaker" />
        </label>
        <fieldset class="sentiments">
          <legend>Sentiment</legend>
          {[...SENTIMENTS, null].map((s) => (
            <label class={`chip${s ? ` sentiment-${s}` : ''}`}>
              <input type="radio" name="edit-sentiment" value={s ?? ''} checked={sentiment === s} onChange={() => setSentiment(s)} />
              {s ?? 'none'}
            </label>
          ))}
        </fieldset>
        <label class="field">
          Tags <span class="hint">(comma-separated)</span>
          <input type="text" value={tags} onInput={(e) => setTags(e.currentTarget.value)} data-testid="edit-tags" />
        </label>
        <label class="field">
          Note
          <textarea rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} data-testid="edit-note" />
        </label>
        <div class="actions">
          <button type="submit" class="primary" data-testid="edit-save">Save</button>
          <button type="button" onClick={onCancel} data-testid="edit-cancel">Cancel</button>
        </div>
      </form>
    </dialog>
  );
}
