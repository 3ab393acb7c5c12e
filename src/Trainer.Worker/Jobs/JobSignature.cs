using System.Security.Cryptography;
using Trainer.Shared.Wire;

namespace Trainer.Worker.Jobs;

/// <summary>
/// What must be equal between the coordinator's job and a joining worker's: the name, the
/// parameters (names, shapes, dtypes, in order: the gradient vector's layout) and the training
/// data (its fingerprint and size: the same sample index must mean the same row everywhere).
/// </summary>
public static class JobSignature
{
    /// <summary>The signature of <paramref name="job"/> over its training data <paramref name="data"/> (builds one model to list its parameters).</summary>
    public static JobSpec Of(TrainingJob job, IBatchSource data)
    {
        var spec = new JobSpec { Name = job.Name, DataFingerprint = DataFingerprintOf(data), DataCount = data.Count };
        using var scope = torch.NewDisposeScope();
        using var model = job.Model();
        foreach (var (name, p) in model.named_parameters())
        {
            var parameter = new ParameterSpec { Name = name, Dtype = p.dtype.ToString() };
            parameter.Shape.AddRange(p.shape);
            spec.Parameters.Add(parameter);
        }
        return spec;
    }

    /// <summary>The source's own fingerprint, or else a SHA-256 of every row (shapes, dtypes and bytes of inputs and targets).</summary>
    public static string DataFingerprintOf(IBatchSource data)
    {
        if (data.Fingerprint is string own) return own;
        const int rowsPerRead = 4096;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (long first = 0; first < data.Count; first += rowsPerRead)
        {
            using var scope = torch.NewDisposeScope();
            var indices = new long[Math.Min(rowsPerRead, data.Count - first)];
            for (var i = 0; i < indices.Length; i++) indices[i] = first + i;
            var (x, y) = data.Gather(indices);
            Append(hash, x);
            Append(hash, y);
        }
        return $"rows:{data.Count}:sha256:{Convert.ToHexStringLower(hash.GetHashAndReset())}";
    }

    private static void Append(IncrementalHash hash, Tensor t)
    {
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{t.dtype}[{string.Join(",", t.shape)}]"));
        using var dense = t.cpu().contiguous();
        hash.AppendData(dense.bytes);
    }

    /// <summary>Null when <paramref name="worker"/> is <paramref name="coordinator"/>'s job; otherwise one sentence naming every difference, with both sides.</summary>
    public static string? Difference(JobSpec coordinator, JobSpec worker)
    {
        var differences = new List<string>();
        if (coordinator.Name != worker.Name) differences.Add($"the job is '{coordinator.Name}' on the coordinator, '{worker.Name}' on the worker");
        if (ParameterDifference(coordinator, worker) is string p) differences.Add(p);
        if (coordinator.DataCount != worker.DataCount) differences.Add($"the training data holds {coordinator.DataCount} samples on the coordinator, {worker.DataCount} on the worker");
        if (coordinator.DataFingerprint != worker.DataFingerprint) differences.Add(DataDifference(coordinator.DataFingerprint, worker.DataFingerprint));
        return differences.Count == 0 ? null : $"the worker's job is not the coordinator's: {string.Join("; ", differences)}";
    }

    private static string? ParameterDifference(JobSpec coordinator, JobSpec worker)
    {
        var n = Math.Max(coordinator.Parameters.Count, worker.Parameters.Count);
        for (var i = 0; i < n; i++)
        {
            var ours = i < coordinator.Parameters.Count ? Describe(coordinator.Parameters[i]) : "nothing";
            var theirs = i < worker.Parameters.Count ? Describe(worker.Parameters[i]) : "nothing";
            if (ours != theirs)
                return $"the model differs at parameter {i} (coordinator: {ours}; worker: {theirs}; {coordinator.Parameters.Count} and {worker.Parameters.Count} parameters)";
        }
        return null;
    }

    /// <summary>
    /// The differing parts of two fingerprints: a file-backed source lists its files as
    /// "name size sha256:HEX; ...", so only the files that differ are named.
    /// </summary>
    private static string DataDifference(string coordinator, string worker)
    {
        var ours = coordinator.Split("; ");
        var theirs = worker.Split("; ");
        if (ours.Length > 1 && ours.Length == theirs.Length)
        {
            var differing = ours.Zip(theirs).Where(p => p.First != p.Second).ToList();
            return "the training data differs: " + string.Join("; ", differing.Select(p => $"coordinator has {p.First}, worker has {p.Second}"));
        }
        return $"the training data differs (coordinator: {coordinator}; worker: {worker})";
    }

    private static string Describe(ParameterSpec p) => $"{p.Name} [{string.Join(", ", p.Shape)}] {p.Dtype}";
}
