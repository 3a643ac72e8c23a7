using System.Text;
using System.Security.Cryptography;
using System.Globalization;
using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Threats;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models.SafeTensors;
using MtlAttack.Core.Visualization;
using SixLabors.ImageSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Evaluation;

/// <summary>Where an export stands: cells written (or found already written) of all cells, and the cell being worked on.</summary>
public readonly record struct AdversarialExportProgress(int CellsDone, int CellsTotal, string Current);

/// <summary>
/// Writes, for every cell of an evaluation, its first adversarial examples to
/// <c>REPORT_DIR/adversarial/&lt;cell file stem&gt;.safetensors</c> (tensors <c>clean</c> and <c>adversarial</c>, float32
/// [N,3,H,W], 0..255 pixel units, the model's channel order) and a PNG strip beside it (see <see cref="AdversarialStrip"/>).
/// <para>
/// The examples are recomputed exactly as the evaluation made them: whole batches, in order, through
/// <see cref="RobustnessEvaluator.Perturb"/> with the cell's per-batch seeds, so random starts and batch-level
/// attack state match what the report measured. A cell whose files already carry the same metadata is skipped,
/// so an interrupted export resumes.
/// </para>
/// </summary>
public static class AdversarialExport
{
    public const string DirectoryName = "adversarial";
    public const string CleanTensor = "clean";
    public const string AdversarialTensor = "adversarial";

    public static string TensorsPath(string reportDirectory, EvaluationCell cell) =>
        Path.Combine(reportDirectory, DirectoryName, cell.FileStem + ".safetensors");

    public static string StripPath(string reportDirectory, EvaluationCell cell) =>
        Path.Combine(reportDirectory, DirectoryName, cell.FileStem + ".png");

    /// <summary>How many examples a request for <paramref name="count"/> yields: no more than the evaluation covers.</summary>
    /// <param name="dataset">The dataset <paramref name="evaluator"/> was built on.</param>
    public static int Available(RobustnessEvaluator evaluator, IMultiTaskDataset dataset, int count)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(dataset);
        // The evaluator attacks whole batches, so it covers the first BatchCount batches even past MaxSamples.
        long covered = Math.Min(dataset.Count(evaluator.Settings.Split), (long)evaluator.BatchCount * evaluator.Settings.BatchSize);
        return (int)Math.Clamp(count, 0, covered);
    }

    /// <summary>Exports every cell of <paramref name="evaluator"/>; returns the number of examples per cell.</summary>
    /// <param name="dataset">The dataset <paramref name="evaluator"/> was built on: its mean is added back, its channel order drawn.</param>
    /// <param name="metadata">Extra safetensors metadata, e.g. model and dataset; part of what makes a file current.</param>
    public static int Export(RobustnessEvaluator evaluator, IMultiTaskDataset dataset, string reportDirectory, int count,
        IReadOnlyDictionary<string, string>? metadata = null, IProgress<AdversarialExportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(dataset);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Export at least one example per cell.");
        var normalization = dataset.Normalization;
        int available = Available(evaluator, dataset, count);
        int done = 0;
        foreach (var cell in evaluator.Cells)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var expected = Metadata(evaluator, cell, available, normalization, metadata);
            if (!IsCurrent(reportDirectory, cell, expected))
            {
                using var examples = Collect(evaluator, cell, available, normalization, cancellationToken);
                Write(reportDirectory, examples, normalization, expected);
            }
            progress?.Report(new AdversarialExportProgress(++done, evaluator.Cells.Count, cell.ToString()));
        }
        return available;
    }

    /// <summary>
    /// The first <paramref name="count"/> examples of <paramref name="cell"/> (fewer if the batches the evaluation
    /// covers hold fewer). <paramref name="normalization"/> is the dataset's, whose mean the loader subtracted.
    /// </summary>
    public static AdversarialExamples Collect(RobustnessEvaluator evaluator, EvaluationCell cell, int count, ImageNormalization normalization,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(normalization);
        int wanted = Math.Min(count, evaluator.BatchCount * evaluator.Settings.BatchSize);
        if (wanted < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Collect at least one example.");

        var clean = new List<Tensor>();
        var adversarial = new List<Tensor>();
        var predictions = evaluator.Target.Tasks.ToDictionary(t => t.Name, _ => new List<Tensor>());
        try
        {
            int collected = 0;
            for (int b = 0; b < evaluator.BatchCount && collected < wanted; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                using var batch = evaluator.LoadBatch(b);
                var images = evaluator.Perturb(cell, batch, b, cancellationToken);
                int take = Math.Min(wanted - collected, batch.Count);
                using (no_grad())
                {
                    var outputs = evaluator.Target.Forward(images.narrow(0, 0, take));
                    foreach (var (task, list) in predictions)
                        list.Add(outputs[task].detach().cpu().MoveToOuterDisposeScope());
                }
                var mean = tensor(normalization.Mean.Select(m => (float)m).ToArray(), device: images.device).reshape(1, -1, 1, 1);
                clean.Add((batch.Images.narrow(0, 0, take) + mean).to_type(ScalarType.Float32).cpu().MoveToOuterDisposeScope());
                adversarial.Add((images.detach().narrow(0, 0, take) + mean).to_type(ScalarType.Float32).cpu().MoveToOuterDisposeScope());
                collected += take;
            }
            return new AdversarialExamples(cell, cat(clean, 0), cat(adversarial, 0), predictions.ToDictionary(kv => kv.Key, kv => cat(kv.Value, 0)));
        }
        finally
        {
            foreach (var t in clean.Concat(adversarial).Concat(predictions.Values.SelectMany(l => l))) t.Dispose();
        }
    }

    /// <summary>
    /// The per-pixel offset the perturbation tile draws as black/white: epsilon for the L-infinity attacks; for the L2
    /// ones the largest offset in the examples, since an L2 budget spread over every pixel leaves each far below
    /// epsilon and the tile would be flat gray.
    /// </summary>
    private static double PerturbationScale(AdversarialExamples examples)
    {
        if (AttackCatalog.Algorithm(examples.Cell.Algorithm).Threat is not L2Threat) return examples.Cell.Epsilon;
        using var offset = (examples.Adversarial - examples.Clean).abs().max();
        return offset.item<float>();
    }

    /// <summary>Writes the safetensors file and the PNG strip of <paramref name="examples"/>.</summary>
    public static void Write(string reportDirectory, AdversarialExamples examples, ImageNormalization normalization, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(examples);
        Directory.CreateDirectory(Path.Combine(reportDirectory, DirectoryName));
        // The strip first: a file set counts as current only when the tensors exist, so a crash between the two redoes both.
        using (var strip = AdversarialStrip.Render(examples.Clean, examples.Adversarial, examples.Predictions, normalization, PerturbationScale(examples)))
        {
            string path = StripPath(reportDirectory, examples.Cell);
            string temporary = path + ".tmp";
            strip.SaveAsPng(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        SafeTensorsWriter.Write(TensorsPath(reportDirectory, examples.Cell),
            [(CleanTensor, examples.Clean), (AdversarialTensor, examples.Adversarial)], metadata);
    }

    /// <summary>
    /// Where a set of examples came from, recorded beside <see cref="Metadata"/> by every exporter (the CLI's attack and
    /// the service's attack grains alike): the model as the caller names it, the SHA-256 of its files, the dataset SPEC,
    /// and a short hash of the evaluation's fingerprint (model hash, dataset and settings), which tells two runs apart.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Provenance(string model, string modelHash, string dataset, EvaluationSettings settings) =>
        new Dictionary<string, string>
        {
            ["model"] = model,
            ["model_sha256"] = modelHash,
            ["dataset"] = dataset,
            ["evaluation"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EvaluationCheckpoint.Fingerprint(modelHash, dataset, settings))))[..16],
        };

    /// <summary>What the safetensors header records about a cell's examples: enough to reproduce and to read them.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(RobustnessEvaluator evaluator, EvaluationCell cell, int count,
        ImageNormalization normalization, IReadOnlyDictionary<string, string>? extra = null)
    {
        var invariant = CultureInfo.InvariantCulture;
        var settings = evaluator.Settings;
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = "mtlattack-adversarial-examples/1",
            ["algorithm"] = cell.Algorithm,
            ["objective"] = cell.Objective,
            ["epsilon"] = cell.Epsilon.ToString("R", invariant),
            ["steps"] = settings.Steps.ToString(invariant),
            ["random_start"] = settings.RandomStart ? "true" : "false",
            ["seed"] = settings.Seed.ToString(invariant),
            ["split"] = settings.Split,
            ["batch_size"] = settings.BatchSize.ToString(invariant),
            ["samples"] = count.ToString(invariant),
            ["sample_indices"] = $"0..{count - 1} of split '{settings.Split}', in order",
            ["units"] = "0..255 pixels, normalisation mean added back",
            ["channel_order"] = normalization.ChannelOrder,
            ["mean"] = string.Join(",", normalization.Mean.Select(m => m.ToString("R", invariant))),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) entries[key] = value;
        return entries;
    }

    /// <summary>Whether both files exist and the tensors' metadata matches <paramref name="expected"/> entry for entry.</summary>
    public static bool IsCurrent(string reportDirectory, EvaluationCell cell, IReadOnlyDictionary<string, string> expected)
    {
        string tensors = TensorsPath(reportDirectory, cell);
        if (!File.Exists(tensors) || !File.Exists(StripPath(reportDirectory, cell))) return false;
        try
        {
            using var reader = SafeTensorsReader.Open(tensors);
            return expected.All(kv => reader.Metadata.TryGetValue(kv.Key, out var value) && value == kv.Value)
                && reader.Entries.Any(e => e.Name == CleanTensor) && reader.Entries.Any(e => e.Name == AdversarialTensor);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return false;
        }
    }
}
