// Message alerts link staff to /clients/:id/messages: that is the Messages section of the profile.
import { Navigate, useParams } from 'react-router';

export function ClientMessagesRedirect() {
  const { id = '' } = useParams();
  return <Navigate to={{ pathname: `/clients/${encodeURIComponent(id)}`, hash: 'messages' }} replace />;
}
