import { useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { adminTokenPrompt } from './dashboard-api.ts';

/**
 * Asks for the admin token when a change was refused with 401. Shown at most once per question, however
 * many requests are waiting; the answer goes to sessionStorage via the API client.
 */
export function AdminTokenDialog() {
  const question = useSyncExternalStore(adminTokenPrompt.subscribe, adminTokenPrompt.current);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [token, setToken] = useState('');

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (question && !dialog.open) dialog.showModal();
    if (!question && dialog.open) dialog.close();
  }, [question]);

  const answer = (value: string | null) => {
    adminTokenPrompt.answer(value);
    setToken('');
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    answer(token);
  };

  return (
    <dialog
      ref={dialogRef}
      className="token-dialog"
      aria-labelledby="admin-token-title"
      // Escape closes the dialog: that is a cancel.
      onClose={() => {
        if (adminTokenPrompt.current()) answer(null);
      }}
    >
      <form onSubmit={onSubmit}>
        <h2 id="admin-token-title">Admin token needed</h2>
        <p>
          {question?.reason === 'refused' ? 'That token was refused. ' : ''}
          This server only accepts changes with its admin token (TAGSTREAM_ADMIN_TOKEN). It is kept in this
          tab until you close it.
        </p>
        <label htmlFor="admin-token-input">Admin token</label>
        <input
          id="admin-token-input"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(event) => setToken(event.target.value)}
        />
        <div className="control-row">
          <button type="submit" disabled={token.trim() === ''}>
            Use token
          </button>
          <button type="button" onClick={() => answer(null)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
