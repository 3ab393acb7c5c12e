using Trainer.Shared.Wire;
using Trainer.Worker;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// The coordinator's book of workers: who joined with which devices, the device ids it gave
/// them, each device's stand-in actor, and who was lost. Read by the registrar (joins, losses),
/// the stand-ins and the gRPC service (is this worker one of ours, does it own this device), so
/// every member is under one lock; each call is short. Workers that join after the run has
/// started (<see cref="Close"/>) are members like the others, marked <see cref="Member.JoinedMidRun"/>:
/// the registrar hands their devices to the coordinator, which gives them work from the next step.
/// </summary>
/// <param name="job">The coordinator's job: a worker whose job differs is refused, naming the difference. Null only where no job runs (the tensor service benchmarked alone).</param>
public sealed class WorkerDirectory(JobSpec? job)
{
    private readonly object gate = new();
    private readonly List<Member> members = new();
    private readonly Dictionary<int, IActorRef> standIns = new();
    private bool closed;

    /// <summary>A worker that joined; <see cref="DeviceIds"/> are the coordinator's ids of its <see cref="Devices"/>, in order.</summary>
    public sealed record Member(string WorkerId, Address Address, IActorRef Node, IReadOnlyList<string> Devices, IReadOnlyList<int> DeviceIds, bool JoinedMidRun = false)
    {
        public bool Lost { get; set; }

        /// <summary>The run's name of its device <paramref name="local"/> (its trace track and summary.json key): unique, as worker ids are.</summary>
        public string DeviceName(int local) => $"{WorkerId}/{Devices[local]}";
    }

    /// <summary>The live worker count after a join or a loss (raised outside the lock, on the caller's thread).</summary>
    public event Action<int>? LiveChanged;

    /// <summary>Workers that joined and were not lost.</summary>
    public int LiveWorkers { get { lock (gate) return members.Count(m => !m.Lost); } }

    /// <summary>Accepts <paramref name="request"/> (and returns its member) or says why not.</summary>
    public (Member? Member, string? Refusal) Join(JoinRequest request, IActorRef node)
    {
        if (string.IsNullOrWhiteSpace(request.WorkerId)) return (null, "a worker id is required");
        if (request.Devices.Count == 0) return (null, "the worker offers no devices");
        if (job is not null && request.Job is null) return (null, "the worker sent no job to compare");
        if (job is not null && Trainer.Worker.Jobs.JobSignature.Difference(job, request.Job!) is string difference) return (null, difference);
        try { _ = DeviceSpecs.Parse(string.Join(",", request.Devices)); }
        catch (ArgumentException e) { return (null, e.Message); }
        Member member;
        lock (gate)
        {
            if (members.FirstOrDefault(m => m.WorkerId == request.WorkerId) is { } known)
                return known.Node.Equals(node) ? (known, null) : (null, $"worker id {request.WorkerId} is taken");
            var first = members.Sum(m => m.DeviceIds.Count);
            member = new Member(request.WorkerId, node.Path.Address, node, request.Devices.ToList(),
                Enumerable.Range(first, request.Devices.Count).ToList(), JoinedMidRun: closed);
            members.Add(member);
        }
        LiveChanged?.Invoke(LiveWorkers);
        return (member, null);
    }

    /// <summary>Marks the run started (whoever joins later has <see cref="Member.JoinedMidRun"/>) and lists the live workers' devices by id: the run's first device list.</summary>
    public IReadOnlyList<(int Id, Member Worker, int Local)> Close()
    {
        lock (gate)
        {
            closed = true;
            return members.Where(m => !m.Lost).SelectMany(m => m.DeviceIds.Select((id, local) => (id, m, local))).ToList();
        }
    }

    /// <summary>Lets workers join again: every worker was lost, and the run waits for new ones before it goes on.</summary>
    public void Reopen()
    {
        lock (gate) closed = false;
    }

    /// <summary>Marks the worker at <paramref name="address"/> lost and returns it with the stand-ins of its devices (to be told).</summary>
    public (Member? Worker, IReadOnlyList<IActorRef> StandIns) Lose(Address address)
    {
        (Member? Worker, IReadOnlyList<IActorRef> StandIns) lost;
        lock (gate)
        {
            var member = members.FirstOrDefault(m => m.Address.Equals(address) && !m.Lost);
            if (member is null) return (null, []);
            member.Lost = true;
            lost = (member, member.DeviceIds.Where(standIns.ContainsKey).Select(id => standIns[id]).ToList());
        }
        LiveChanged?.Invoke(LiveWorkers);
        return lost;
    }

    /// <summary>The device the run calls <paramref name="name"/> (<see cref="Member.DeviceName"/>): its id and worker (live or lost), or null.</summary>
    public (int Id, Member Worker)? DeviceNamed(string name)
    {
        lock (gate)
            foreach (var m in members)
                for (var local = 0; local < m.Devices.Count; local++)
                    if (m.DeviceName(local) == name) return (m.DeviceIds[local], m);
        return null;
    }

    /// <summary>Records device <paramref name="id"/>'s stand-in; false when its worker is already lost (the stand-in then stops at once).</summary>
    public bool AddStandIn(int id, IActorRef standIn)
    {
        lock (gate)
        {
            standIns[id] = standIn;
            return members.Any(m => !m.Lost && m.DeviceIds.Contains(id));
        }
    }

    /// <summary>The live worker <paramref name="workerId"/>, or null (unknown or lost).</summary>
    public Member? Live(string workerId)
    {
        lock (gate) return members.FirstOrDefault(m => m.WorkerId == workerId && !m.Lost);
    }

    /// <summary>Every worker that joined, for the job's end.</summary>
    public IReadOnlyList<Member> All { get { lock (gate) return members.ToList(); } }
}
