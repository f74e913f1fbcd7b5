// Placeholder for the call page (video and signaling), written separately and replaced on merge.
import { useParams } from 'react-router';

export function CallPage({ audience }: { audience: 'staff' | 'client' }) {
  const { id = '' } = useParams();
  return (
    <div data-testid="call-page" data-call-id={id} data-audience={audience}>
      <h1>Call</h1>
      <p>{id}</p>
    </div>
  );
}
