using MtlAttack.Abstractions;
using Orleans.Storage;
using MtlAttack.Grains.Translation;

namespace MtlAttack.Grains.Evaluations;

/// <summary>One finished batch as stored: a class with a parameterless constructor, as every grain storage needs.</summary>
[GenerateSerializer]
public sealed class EvaluationBatchRecord
{
    [Id(0)] public BatchStatistics? Batch { get; set; }
}

/// <summary>
/// An evaluation's finished batches, append-only: record k lives under its own grain id
/// (<c>evaluation-batch/{evaluation}/{k}</c>) in whatever <see cref="IGrainStorage"/> the silo registered, so
/// recording a batch writes one small record however many came before it. Records are numbered without gaps in the
/// order they were written; reading goes 0, 1, 2, ... up to the first missing number. Only one append runs at a
/// time (the caller serializes them).
/// </summary>
public sealed class EvaluationBatchLog(IGrainStorage storage, string evaluationId)
{
    public const string StateName = "evaluation-batch";

    private int next;

    /// <summary>Records read or written so far: the number the next record gets.</summary>
    public int Count => next;

    public static GrainId RecordId(string evaluationId, int sequence) => GrainId.Create(StateName, $"{evaluationId}/{sequence}");

    /// <summary>Every record from the first not read yet up to the first missing one.</summary>
    public async Task<IReadOnlyList<BatchStatistics>> ReadNew()
    {
        var batches = new List<BatchStatistics>();
        while (true)
        {
            var record = new GrainState<EvaluationBatchRecord>(new EvaluationBatchRecord());
            await storage.ReadStateAsync(StateName, RecordId(evaluationId, next), record);
            if (!record.RecordExists || record.State?.Batch is not { } batch) return batches;
            batches.Add(batch);
            next++;
        }
    }

    /// <summary>
    /// Deletes every record. From the last one back: an interrupted clear leaves a shorter log that the next clear
    /// finds whole, never a gap that would hide the records after it.
    /// </summary>
    public async Task Clear()
    {
        await ReadNew();
        for (; next > 0; next--)
        {
            // Read first: a storage may check the record's ETag before it deletes.
            var record = new GrainState<EvaluationBatchRecord>(new EvaluationBatchRecord());
            await storage.ReadStateAsync(StateName, RecordId(evaluationId, next - 1), record);
            if (record.RecordExists) await storage.ClearStateAsync(StateName, RecordId(evaluationId, next - 1), record);
        }
    }

    /// <summary>
    /// Stores <paramref name="batch"/> as the next record. Should another activation of the same evaluation (a silo
    /// thought dead that is not) have taken that number, its records are read and returned, and the batch goes after
    /// them: the caller counts what it had not seen and must not count <paramref name="batch"/> twice. A record of the same
    /// batch among them (an earlier try that was stored though its answer was lost) stands for this one.
    /// </summary>
    public async Task<IReadOnlyList<BatchStatistics>> Append(BatchStatistics batch)
    {
        var discovered = new List<BatchStatistics>();
        while (true)
        {
            // No ETag: the write creates the record and fails if the number is taken, never overwrites.
            var record = new GrainState<EvaluationBatchRecord>(new EvaluationBatchRecord { Batch = batch });
            try
            {
                await storage.WriteStateAsync(StateName, RecordId(evaluationId, next), record);
                next++;
                return discovered;
            }
            catch (InconsistentStateException)
            {
                var others = await ReadNew();
                if (others.Count == 0) throw;
                discovered.AddRange(others);
                // An earlier try of this very append was stored before the database went away: it is there already.
                string key = EvaluationStateMapping.KeyOf(batch.Item);
                if (others.Any(o => EvaluationStateMapping.KeyOf(o.Item) == key)) return discovered;
            }
        }
    }
}
