namespace Trainer.Shared.Security;

/// <summary>
/// The choice every cluster command makes explicitly: the cluster credential (mutual TLS on
/// Akka.Remote and gRPC), or --insecure (cleartext, for one laptop). Neither is a default, so a
/// cluster never runs open by accident.
/// </summary>
public static class ClusterSecurity
{
    /// <summary>The credential at <paramref name="credentials"/>, or null for --insecure; refuses neither or both, saying why.</summary>
    public static ClusterCredential? Resolve(string? credentials, bool insecure)
    {
        if (credentials is not null && insecure)
            throw new ArgumentException("give --credentials FILE or --insecure, not both");
        if (credentials is null && !insecure)
            throw new ArgumentException("refusing to start without security: give --credentials FILE (the cluster credential from `trainer cert --out DIR`; "
                + "mutual TLS on every connection) or --insecure (cleartext, anyone who reaches the ports can join; for one machine only)");
        return credentials is null ? null : ClusterCredential.Load(credentials);
    }
}
