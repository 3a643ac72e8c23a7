using MtlAttack.Core.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Datasets;

/// <summary>
/// Geometric transforms of a <see cref="MultiTaskSample"/> as in the reference NYUv2 pipeline (AdaShare/TreeMTL):
/// random scale 0.5-1.5, horizontal mirror, random crop with padding; and the test-time resize.
/// Every transform returns a new sample and leaves its input alone; run them inside a dispose scope.
/// </summary>
public static class Augmentation
{
    public const double MinScale = 0.5;
    public const double MaxScale = 1.5;

    /// <summary>
    /// Train-time transform to <paramref name="height"/> x <paramref name="width"/>. Draws, in this order, the scale,
    /// the mirror flag and the crop offsets from <paramref name="random"/>, so a seeded generator gives a reproducible sample.
    /// </summary>
    public static MultiTaskSample RandomTrainTransform(MultiTaskSample sample, int height, int width, Random random)
    {
        double scale = MinScale + random.NextDouble() * (MaxScale - MinScale);
        int scaledHeight = Math.Max(1, (int)(sample.Height * scale));
        int scaledWidth = Math.Max(1, (int)(sample.Width * scale));
        bool mirror = random.NextDouble() > 0.5;
        int top = random.Next(0, Math.Max(scaledHeight, height) - height + 1);
        int left = random.Next(0, Math.Max(scaledWidth, width) - width + 1);

        var scaled = Resize(sample, scaledHeight, scaledWidth);
        var flipped = mirror ? Mirror(scaled) : scaled;
        return PadAndCrop(flipped, height, width, top, left);
    }

    /// <summary>Test-time transform: a resize to the loader's size (the input itself when it already has that size).</summary>
    public static MultiTaskSample TestTransform(MultiTaskSample sample, int height, int width) =>
        sample.Height == height && sample.Width == width ? sample : Resize(sample, height, width);

    /// <summary>
    /// Resizes every part: bilinear for the image; nearest for segmentation labels and masks; for other targets a
    /// masked bilinear (interpolating only valid pixels) so that invalid depth/normals never bleed into valid ones.
    /// Normals are renormalised to unit length afterwards.
    /// </summary>
    public static MultiTaskSample Resize(MultiTaskSample sample, int height, int width)
    {
        if (height <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(height), $"Cannot resize to {height}x{width}.");
        var image = Interpolate(sample.Image, height, width, InterpolationMode.Bilinear);
        var targets = new Dictionary<string, Tensor>();
        var masks = new Dictionary<string, Tensor>();
        foreach (var (task, target) in sample.Targets)
        {
            var mask = sample.Masks.TryGetValue(task, out var m) ? m : ones(1, sample.Height, sample.Width);
            if (task == TaskNames.SegmentSemantic)
            {
                targets[task] = Interpolate(target, height, width, InterpolationMode.Nearest);
                masks[task] = Interpolate(mask, height, width, InterpolationMode.Nearest);
                continue;
            }
            var (value, valid) = MaskedBilinear(target, mask, height, width);
            targets[task] = task == TaskNames.Normal ? UnitLength(value, valid) : value;
            masks[task] = valid;
        }
        return new MultiTaskSample(image, targets, masks);
    }

    /// <summary>Flips left-right; a mirrored surface normal points the other way along x, so its first channel is negated.</summary>
    public static MultiTaskSample Mirror(MultiTaskSample sample)
    {
        var targets = sample.Targets.ToDictionary(kv => kv.Key, kv =>
        {
            var flipped = kv.Value.flip(-1);
            if (kv.Key != TaskNames.Normal) return flipped;
            var sign = tensor(new float[] { -1f, 1f, 1f }).view(3, 1, 1);
            return flipped * sign;
        });
        var masks = sample.Masks.ToDictionary(kv => kv.Key, kv => kv.Value.flip(-1));
        return new MultiTaskSample(sample.Image.flip(-1), targets, masks);
    }

    /// <summary>
    /// Pads the sample (centred) to at least <paramref name="height"/> x <paramref name="width"/>, then crops that window at
    /// (<paramref name="top"/>, <paramref name="left"/>) of the padded frame. Padding: image 0 (black, before mean
    /// subtraction), segmentation 255 (ignored), masks 0, other targets 0 (masked anyway).
    /// </summary>
    public static MultiTaskSample PadAndCrop(MultiTaskSample sample, int height, int width, int top, int left)
    {
        int paddedHeight = Math.Max(sample.Height, height), paddedWidth = Math.Max(sample.Width, width);
        if (top < 0 || left < 0 || top + height > paddedHeight || left + width > paddedWidth)
            throw new ArgumentOutOfRangeException(nameof(top),
                $"Crop window {height}x{width} at ({top},{left}) does not fit in the padded {paddedHeight}x{paddedWidth} sample.");
        int padTop = (paddedHeight - sample.Height) / 2, padLeft = (paddedWidth - sample.Width) / 2;
        var padding = new long[] { padLeft, paddedWidth - sample.Width - padLeft, padTop, paddedHeight - sample.Height - padTop };

        Tensor Apply(Tensor t, double fill)
        {
            var padded = padding.Any(p => p > 0) ? nn.functional.pad(t, padding, PaddingModes.Constant, fill) : t;
            return padded.narrow(1, top, height).narrow(2, left, width);
        }

        var targets = sample.Targets.ToDictionary(kv => kv.Key,
            kv => Apply(kv.Value, kv.Key == TaskNames.SegmentSemantic ? TaskNames.IgnoreLabel : 0));
        var masks = sample.Masks.ToDictionary(kv => kv.Key, kv => Apply(kv.Value, 0));
        return new MultiTaskSample(Apply(sample.Image, 0), targets, masks);
    }

    private static Tensor Interpolate(Tensor chw, int height, int width, InterpolationMode mode) =>
        nn.functional.interpolate(chw.unsqueeze(0), [height, width], mode: mode,
            align_corners: mode == InterpolationMode.Nearest ? null : false).squeeze(0);

    /// <summary>
    /// Bilinear interpolation of the valid pixels only (normalised convolution): a result pixel is valid where the nearest
    /// source pixel is valid and some valid source pixel contributes to it.
    /// </summary>
    private static (Tensor Value, Tensor Mask) MaskedBilinear(Tensor target, Tensor mask, int height, int width)
    {
        var weightedSum = Interpolate(target * mask, height, width, InterpolationMode.Bilinear);
        var weight = Interpolate(mask, height, width, InterpolationMode.Bilinear);
        var valid = Interpolate(mask, height, width, InterpolationMode.Nearest).gt(0.5f).logical_and(weight.gt(1e-6f));
        var value = where(valid, weightedSum / weight.clamp_min(1e-6f), zeros_like(weightedSum));
        return (value, valid.to_type(ScalarType.Float32));
    }

    private static Tensor UnitLength(Tensor normal, Tensor valid)
    {
        var length = normal.pow(2).sum(0, keepdim: true).sqrt().clamp_min(1e-12f);
        return normal / length * valid;
    }
}
