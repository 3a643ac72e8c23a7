using System.Text.Json;
using System.Text.Json.Serialization;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Models;

/// <summary>
/// Everything needed to rebuild a multi-task network and feed it correctly; stored as <c>model.json</c> next to
/// <c>weights.safetensors</c>. Inputs are mean-subtracted pixels in 0..255 units, channels in
/// <see cref="ImageNormalization.ChannelOrder"/>, of size <see cref="InputHeight"/> x <see cref="InputWidth"/>.
/// </summary>
public sealed record ModelSpec
{
    public const int CurrentFormatVersion = 1;

    /// <summary>
    /// The most output channels (and classes) one head may have: far above any dense-prediction dataset (ADE20K has
    /// 150 classes, LVIS 1,203), far below what would make a head alone gigabytes. A model.json is a promise about its
    /// weights; it is held to sizes a real model has before anything is built from it.
    /// </summary>
    public const int MaxOutputChannels = 4096;

    /// <summary>The largest input side: a 4096 x 4096 image is 16 megapixels, beyond the datasets a dense model is trained on.</summary>
    public const int MaxInputSide = 4096;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 16,
    };

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>A name from <see cref="BackboneCatalog"/>, e.g. <c>resnet34</c>.</summary>
    public required string Backbone { get; init; }

    /// <summary>
    /// The backbone's width when it is not the standard one: a DeepLab ResNet's stem channels (64 standard), with the
    /// stages and ASPP heads scaled alike (see <see cref="DeepLabResNet.WithWidth"/>). Null (and absent from
    /// <c>model.json</c>) for the standard network.
    /// </summary>
    public int? BackboneWidth { get; init; }

    /// <summary>The layout's text form (<see cref="Sharing.Layout"/>); task i of the layout is <see cref="Tasks"/>[i].</summary>
    public required string Layout { get; init; }

    public required IReadOnlyList<TaskHeadSpec> Tasks { get; init; }

    public required ImageNormalization Normalization { get; init; }

    public required PixelRange PixelRange { get; init; }

    public required int InputHeight { get; init; }

    public required int InputWidth { get; init; }

    /// <summary>Free-form origin: dataset, training settings, seed, tool version.</summary>
    public IReadOnlyDictionary<string, string> Provenance { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A spec for the given tasks (in layout order), with the pixel range implied by the normalisation.</summary>
    public static ModelSpec Create(string backbone, Layout layout, IReadOnlyList<VisionTask> tasks, ImageNormalization normalization,
        int inputHeight, int inputWidth, IReadOnlyDictionary<string, string>? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(tasks);
        var spec = new ModelSpec
        {
            Backbone = backbone,
            Layout = layout.ToString(),
            Tasks = tasks.Select(t => new TaskHeadSpec(t.Name, t.OutputChannels, t.Name == Core.Tasks.TaskNames.SegmentSemantic ? t.OutputChannels : null)).ToList(),
            Normalization = normalization,
            PixelRange = PixelRange.Of(normalization),
            InputHeight = inputHeight,
            InputWidth = inputWidth,
            Provenance = new SortedDictionary<string, string>(provenance?.ToDictionary() ?? [], StringComparer.Ordinal),
        };
        spec.Validate();
        return spec;
    }

    [JsonIgnore]
    public IReadOnlyList<string> TaskNames => Tasks.Select(t => t.Name).ToList();

    public Backbone ResolveBackbone() => BackboneCatalog.Get(Backbone, BackboneWidth);

    public Layout ParseLayout() => Sharing.Layout.Parse(Layout);

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first inconsistency.</summary>
    public void Validate()
    {
        if (FormatVersion != CurrentFormatVersion)
            throw Invalid($"formatVersion is {FormatVersion}; this build reads version {CurrentFormatVersion}");
        if (string.IsNullOrWhiteSpace(Backbone)) throw Invalid("backbone is missing");
        Backbone backbone;
        try { backbone = ResolveBackbone(); }
        catch (ArgumentException e) { throw Invalid(e.Message); }
        if (Tasks is null || Tasks.Count == 0) throw Invalid("there are no tasks");
        foreach (var task in Tasks)
        {
            if (task is null || string.IsNullOrWhiteSpace(task.Name)) throw Invalid("a task has no name");
            if (task.Name.Contains('.') || task.Name.Any(char.IsWhiteSpace))
                throw Invalid($"task name '{task.Name}' may not contain dots or spaces (it becomes part of weight names)");
            if (task.OutputChannels is < 1 or > MaxOutputChannels)
                throw Invalid($"task '{task.Name}' has {task.OutputChannels} output channels; a head has 1 to {MaxOutputChannels}");
            if (task.Classes is int classes and (< 1 or > MaxOutputChannels))
                throw Invalid($"task '{task.Name}' has {classes} classes; a head has 1 to {MaxOutputChannels}");
        }
        var duplicate = Tasks.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw Invalid($"task '{duplicate.Key}' is listed twice");
        if (string.IsNullOrWhiteSpace(Layout)) throw Invalid("layout is missing");
        Layout layout;
        try { layout = Sharing.Layout.Parse(Layout); }
        catch (FormatException e) { throw Invalid(e.Message); }
        if (layout.TaskCount != Tasks.Count)
            throw Invalid($"layout '{Layout}' has {layout.TaskCount} tasks but the spec lists {Tasks.Count}");
        if (layout.BlockCount != backbone.BlockCount)
            throw Invalid($"layout '{Layout}' has {layout.BlockCount} blocks but backbone {backbone.Name} has {backbone.BlockCount}");
        if (Normalization is null || Normalization.Mean is null || string.IsNullOrWhiteSpace(Normalization.ChannelOrder))
            throw Invalid("normalization (channel order and mean) is missing");
        if (Normalization.Mean.Length != 3 || Normalization.ChannelOrder.Length != 3)
            throw Invalid($"normalization must describe 3 channels, got order '{Normalization.ChannelOrder}' and {Normalization.Mean.Length} means");
        if (PixelRange is null || PixelRange.Min is null || PixelRange.Max is null) throw Invalid("pixelRange is missing");
        if (PixelRange.Min.Length != 3 || PixelRange.Max.Length != 3)
            throw Invalid($"pixelRange must have 3 channels, got {PixelRange.Min.Length} minima and {PixelRange.Max.Length} maxima");
        for (int c = 0; c < 3; c++)
            if (!double.IsFinite(PixelRange.Min[c]) || !double.IsFinite(PixelRange.Max[c]) || PixelRange.Min[c] >= PixelRange.Max[c])
                throw Invalid($"pixelRange of channel {c} is [{PixelRange.Min[c]}, {PixelRange.Max[c]}]; it must be finite and non-empty");
        if (InputHeight is < 1 or > MaxInputSide || InputWidth is < 1 or > MaxInputSide)
            throw Invalid($"input size {InputHeight}x{InputWidth} is outside 1..{MaxInputSide} on a side");
        try { backbone.FeatureShape(InputHeight, InputWidth); }
        catch (ArgumentException e) { throw Invalid(e.Message); }
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses and validates <c>model.json</c> text.</summary>
    public static ModelSpec FromJson(string json)
    {
        ModelSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<ModelSpec>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"model.json is not a valid model spec: {e.Message}", e);
        }
        if (spec is null) throw new InvalidDataException("model.json is empty (null).");
        spec.Validate();
        return spec;
    }

    public bool Equals(ModelSpec? other) =>
        other is not null && FormatVersion == other.FormatVersion && Backbone == other.Backbone && BackboneWidth == other.BackboneWidth && Layout == other.Layout
        && Tasks.SequenceEqual(other.Tasks) && Equals(Normalization, other.Normalization) && Equals(PixelRange, other.PixelRange)
        && InputHeight == other.InputHeight && InputWidth == other.InputWidth
        && Provenance.Count == other.Provenance.Count && Provenance.All(kv => other.Provenance.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public override int GetHashCode() => HashCode.Combine(Backbone, Layout, Tasks.Count, InputHeight, InputWidth);

    private static InvalidDataException Invalid(string problem) => new($"Invalid model spec: {problem}.");
}
