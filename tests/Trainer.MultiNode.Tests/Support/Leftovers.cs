using Docker.DotNet.Models;

namespace Trainer.MultiNode.Tests.Support;

/// <summary>
/// Removes the containers, networks and volumes these tests made: their own at the end, and at the
/// start those of any earlier test process that is gone (interrupted, killed, crashed). Found by
/// label (<see cref="DockerEnvironment.OwnerLabel"/>), compose projects by their name, which
/// carries the owner's process id. Another live test process's resources are left alone.
/// </summary>
internal static class Leftovers
{
    private const string ComposeProject = "com.docker.compose.project";

    /// <summary>Everything made by process <paramref name="pid"/> (this one at the end of a run).</summary>
    public static Task RemoveOwnedByAsync(int pid) => RemoveAsync(owner => owner == pid);

    /// <summary>Everything made by a test process that no longer runs.</summary>
    public static Task RemoveOrphansAsync() => RemoveAsync(owner => owner != Environment.ProcessId && !Directory.Exists($"/proc/{owner}"));

    private static async Task RemoveAsync(Func<int, bool> remove)
    {
        using var client = DockerEnvironment.Client();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        foreach (var key in new[] { DockerEnvironment.OwnerLabel, ComposeProject })
        {
            var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [key] = true } };
            foreach (var c in await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, ct))
                if (Owner(c.Labels, key) is int pid && remove(pid))
                    await client.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, ct);
            foreach (var n in await client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, ct))
                if (Owner(n.Labels, key) is int pid && remove(pid))
                    await client.Networks.DeleteNetworkAsync(n.ID, ct);
            var volumes = await client.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, ct);
            foreach (var v in volumes.Volumes ?? [])
                if (Owner(v.Labels, key) is int pid && remove(pid))
                    await client.Volumes.RemoveAsync(v.Name, force: true, ct);
        }
    }

    /// <summary>The owning process id: the value of our label, or the id in a compose project named trainer-mn-PID-….</summary>
    private static int? Owner(IDictionary<string, string>? labels, string key)
    {
        if (labels is null || !labels.TryGetValue(key, out var value)) return null;
        if (key == ComposeProject)
        {
            if (!value.StartsWith(DockerEnvironment.NamePrefix, StringComparison.Ordinal)) return null;
            value = value[DockerEnvironment.NamePrefix.Length..].Split('-')[0];
        }
        return int.TryParse(value, out var pid) ? pid : null;
    }
}
