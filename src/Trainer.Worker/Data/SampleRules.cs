namespace Trainer;

/// <summary>The checks every file-backed batch source makes, worded the same way for each.</summary>
internal static class SampleRules
{
    /// <summary>
    /// Refuses an index outside 0..count-1 before any row is copied: a mapped file would read
    /// another row's bytes (or past the mapping) where a tensor gather would only fail later.
    /// </summary>
    internal static void CheckIndices(long[] indices, long count)
    {
        ArgumentNullException.ThrowIfNull(indices);
        for (var i = 0; i < indices.Length; i++)
            if ((ulong)indices[i] >= (ulong)count)
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i],
                    $"index {indices[i]} (at position {i}) is outside the data set: Count is {count}, valid indices are 0..{count - 1}");
    }

    /// <summary>Inputs and targets pair up row by row, so both files must hold as many samples.</summary>
    internal static void RequireSameCount(string inputsPath, long inputs, string targetsPath, long targets)
    {
        if (inputs != targets)
            throw new InvalidDataException($"inputs {inputsPath} hold {inputs} samples but targets {targetsPath} hold {targets}");
    }
}
