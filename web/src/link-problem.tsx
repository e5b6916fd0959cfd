/**
 * A link that does not open what it should, said in plain words (link-words.ts) with a way home;
 * any other error is shown as the API gave it.
 */
import type { ApiError } from './api.ts';
import { ErrorBox } from './components.tsx';
import { type LinkKind, linkProblem } from './link-words.ts';

export function LinkProblem(props: { error: ApiError; kind: LinkKind }): React.JSX.Element {
  const words = linkProblem(props.error.code, props.kind);
  if (words === null) return <ErrorBox error={props.error} />;
  return (
    <main>
      <div className="error-box link-problem" role="alert" data-testid="link-problem">
        <h1>This link does not work</h1>
        <p>{words}</p>
        <p>
          <a href="#/" data-testid="link-problem-home">
            Go to the home page
          </a>{' '}
          to start a negotiation, or to resume one started in this browser.
        </p>
      </div>
    </main>
  );
}
