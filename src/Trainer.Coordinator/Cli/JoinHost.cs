using System.Net;
using System.Net.Sockets;

namespace Trainer.Coordinator.Cli;

/// <summary>
/// The coordinator's host name resolved before a worker starts its actor system: left to Akka, a
/// name that does not resolve prints a warning with a stack trace on every attempt (some 170 lines
/// a minute). Here it is said once, then one line per retry; a name that appears later (a
/// Kubernetes Service, a container still starting) is waited for, at most 5 attempts over 15 s.
/// </summary>
internal static class JoinHost
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];

    /// <summary>Returns once <paramref name="host"/> resolves; throws an <see cref="IOException"/> naming it when it never does.</summary>
    internal static void WaitUntilResolved(string host, Action<string> log, Action<TimeSpan>? sleep = null)
    {
        if (IPAddress.TryParse(host, out _)) return;
        sleep ??= Thread.Sleep;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Dns.GetHostAddresses(host).Length > 0) return;
            }
            catch (SocketException e)
            {
                if (attempt == Delays.Length)
                    throw new IOException($"--join: the host '{host}' does not resolve ({e.Message}); gave up after {Delays.Length + 1} attempts");
                if (attempt == 0) log($"--join: the host '{host}' does not resolve ({e.Message}); trying again up to {Delays.Length} times");
                else log($"--join: '{host}' still does not resolve (attempt {attempt + 1} of {Delays.Length + 1})");
                sleep(Delays[attempt]);
            }
        }
    }
}
