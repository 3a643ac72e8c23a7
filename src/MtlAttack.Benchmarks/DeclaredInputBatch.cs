using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models;
using MtlAttack.Core.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Benchmarks;

/// <summary>
/// A batch for timing a model folder: random valid pixels at the input size its model.json declares, and random
/// labels every task can score (segmentation classes 0..classes-1, unit normals, positive depths), all masks set.
/// Timings do not depend on what the pixels show, and a user's model may want classes, sizes or a normalisation no
/// built-in dataset has. Drawn from a generator seeded by <paramref name="seed"/>, so a run repeats.
/// </summary>
internal static class DeclaredInputBatch
{
    public static MultiTaskBatch Create(ModelHeader header, IReadOnlyList<VisionTask> tasks, int batchSize, int seed, Device device)
    {
        using var scope = NewDisposeScope();
        using var random = new Generator((ulong)seed);
        long[] pixels = [batchSize, 3, header.InputHeight, header.InputWidth];
        var (lo, hi) = PixelBounds.From(header.Normalization).AsTensors(CPU, ScalarType.Float32);
        var images = lo + rand(pixels, generator: random) * (hi - lo);

        var targets = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var masks = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            long[] shape = [batchSize, task.TargetChannels, header.InputHeight, header.InputWidth];
            targets[task.Name] = Target(task, shape, random).to(device).MoveToOuterDisposeScope();
            masks[task.Name] = ones(batchSize, 1, header.InputHeight, header.InputWidth).to(device).MoveToOuterDisposeScope();
        }
        return new MultiTaskBatch(images.to(device).MoveToOuterDisposeScope(), targets, masks);
    }

    private static Tensor Target(VisionTask task, long[] shape, Generator random) => task switch
    {
        SemanticSegmentationTask segmentation => randint(0, segmentation.ClassCount, shape, generator: random).to_type(ScalarType.Float32),
        SurfaceNormalTask => nn.functional.normalize(randn(shape, generator: random), p: 2, dim: 1),
        // Depth is scored where it is positive; keypoints and edges anywhere.
        _ => 0.5f + rand(shape, generator: random),
    };
}
