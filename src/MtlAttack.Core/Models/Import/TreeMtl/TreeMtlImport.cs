using System.Globalization;
using MtlAttack.Core.Models.Architecture;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Models.Import.TreeMtl;

/// <summary>
/// Brings a checkpoint of TreeMTL's <c>Deeplab_ASPP_Layout</c> (the models MTLAttack-DGBA attacks) onto our DeepLab
/// ResNet: the <c>torch.save</c> dict its trainer writes (<c>state_dict</c>, the pickled <c>layout</c>,
/// <c>optimizer</c>, <c>scheduler</c>, <c>iter</c>) is read by the restricted unpickler, the layout as plain data;
/// its 17 fine blocks are folded onto our 5 coarse ones, its names mapped (see <see cref="TreeMtlKeyMap"/>) and its
/// ASPP heads kept. What our network cannot hold is refused, saying what: a layout that branches inside a stage
/// (ours branch only between stem, layer1..layer4), a backbone other than the DeepLab ResNets, heads other than ASPP.
/// </summary>
public static class TreeMtlImport
{
    public const string FormatName = "treemtl";
    private const int CoarseBlocks = 5;

    /// <summary>Imports as <see cref="Import"/> does and saves the network as a model folder; nothing is written unless the import succeeds.</summary>
    public static TreeMtlImportResult ImportToCheckpoint(string checkpointPath, string outputDirectory, TreeMtlImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outputDirectory);
        using var network = Import(checkpointPath, options, out var result);
        network.Save(outputDirectory);
        return result;
    }

    /// <summary>The network the checkpoint holds, on the CPU, with every tensor checked as any import's.</summary>
    /// <exception cref="PyTorchFormatException">The file is not a TreeMTL checkpoint torch.save wrote (or <see cref="UnsafePickleException"/>).</exception>
    /// <exception cref="ModelRefusedException">The checkpoint's model is one our network cannot hold; the message says what differs.</exception>
    /// <exception cref="CheckpointException">A tensor is missing, extra, of the wrong shape or not finite.</exception>
    public static MultiTaskNetwork Import(string checkpointPath, TreeMtlImportOptions? options, out TreeMtlImportResult result)
    {
        ArgumentNullException.ThrowIfNull(checkpointPath);
        options ??= TreeMtlImportOptions.Default;
        if (!File.Exists(checkpointPath)) throw new FileNotFoundException($"No TreeMTL checkpoint at {checkpointPath}.", checkpointPath);

        // TreeMTL's trainer saves {'state_dict': ..., 'layout': ...}; a bare torch.save(model.state_dict()) is read too.
        using var source = PyTorchWeightSource.Open(checkpointPath, PyTorchImportOptions.Default, out var root, checkpointKey: "state_dict");
        var names = source.Entries.Select(e => e.Name).ToList();
        RefuseOtherModels(checkpointPath, names);
        var heads = Heads(checkpointPath, source.Entries);
        var backbone = Backbone(checkpointPath, source.Entries, heads);

        var pickled = TreeMtlPickledLayout.Read(root, checkpointPath);
        var (fine, resnet) = pickled is null
            ? FromIndex(checkpointPath, options, heads.Count, backbone, names)
            : (pickled, ResNetOf(checkpointPath, pickled.BlockCount, backbone.Width));
        if (fine.TaskCount != heads.Count)
            throw Refused(checkpointPath, $"its layout has {fine.TaskCount} tasks but it has {heads.Count} heads ({string.Join(", ", heads.Select(h => h.Name))})");
        var coarse = Coarse(checkpointPath, fine, resnet);
        int treeMtlIndex = Numbered(checkpointPath, () => TreeMtlLayoutOrder.IndexOf(coarse.Layout));
        if (options.TreeMtlLayoutIndex is int given && given != treeMtlIndex)
            throw Refused(checkpointPath, $"its pickled layout {coarse} is TreeMTL's #{treeMtlIndex}, not #{given} as given; drop the index or give the right checkpoint");

        int side = options.InputSize ?? (heads.Select(h => h.Name).SequenceEqual(TaskNames.NyuV2) ? 321 : 224);
        long? iteration = root is PickleDict checkpoint && checkpoint.TryGet("iter", out var iter) && iter is long saved ? saved : null;
        var provenance = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["importedFrom"] = Path.GetFileName(checkpointPath),
            ["importedFormat"] = FormatName,
            ["treemtl_layout_index"] = treeMtlIndex.ToString(CultureInfo.InvariantCulture),
            ["treemtl_layout"] = coarse.ToString(),
        };
        if (iteration is long done) provenance["treemtl_iter"] = done.ToString(CultureInfo.InvariantCulture);
        // TreeMTL's NYUv2 loader (AdaShare's) reads normals the reference's way; the model is then scored only on data read so.
        if (heads.Any(h => h.Name == TaskNames.Normal) && heads.Select(h => h.Name).SequenceEqual(TaskNames.NyuV2))
            provenance[Datasets.NyuV2.NyuV2DatasetEncoding.NormalEncodingKey] = Datasets.NyuV2.NyuV2DatasetEncoding.Name(Datasets.NyuV2.NyuV2NormalEncoding.AdaShare);
        var spec = new ModelSpec
        {
            Backbone = resnet.Name,
            BackboneWidth = resnet.Width == DeepLabResNet.StandardWidth ? null : resnet.Width,
            Layout = coarse.Layout.ToString(),
            Tasks = heads,
            Normalization = options.Normalization,
            PixelRange = PixelRange.Of(options.Normalization),
            InputHeight = side,
            InputWidth = side,
            Provenance = provenance,
        };
        try
        {
            spec.Validate();
        }
        catch (InvalidDataException e)
        {
            throw Refused(checkpointPath, e.Message.TrimEnd('.'));
        }

        var renamed = new RenamedWeightSource(source, TreeMtlKeyMap.Build(names, fine, coarse.Layout, resnet));
        var network = MultiTaskNetwork.Create(spec, seed: 0);
        try
        {
            NetworkWeightLoader.Load(network, renamed, PyTorchImportOptions.Default);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        result = new TreeMtlImportResult(spec, coarse, treeMtlIndex, Layouts.IndexOf(coarse.Layout), iteration);
        return network;
    }

    private static void RefuseOtherModels(string path, IReadOnlyList<string> names)
    {
        if (names.Any(n => n.StartsWith("backbone.shared_blocks.", StringComparison.Ordinal) || n.StartsWith("backbone.separate_blocks.", StringComparison.Ordinal)))
            throw Refused(path, "it is a branch-point model (Deeplab_ASPP_Branch: backbone.shared_blocks/separate_blocks); only layout models (Deeplab_ASPP_Layout: backbone.mtl_blocks) are imported");
        var foreign = names.FirstOrDefault(n => !n.StartsWith(TreeMtlKeyMap.BlockPrefix, StringComparison.Ordinal) && !n.StartsWith("heads.", StringComparison.Ordinal));
        if (foreign is not null)
            throw Refused(path, $"its state dict has '{PickleText.Printable(foreign)}', which is neither backbone.mtl_blocks.… nor heads.…; only TreeMTL's DeepLab ResNet layout models (Deeplab_ASPP_Layout) are imported");
        if (!names.Any(n => n.StartsWith(TreeMtlKeyMap.BlockPrefix + "0.residual_block.0.", StringComparison.Ordinal)))
            throw Refused(path, "its first block has no residual_block.0 (the 7x7 stem convolution of the DeepLab ResNet); TreeMTL's MobileNetV2 and other auto-built backbones are not imported, as MtlAttack has no such backbone");
    }

    // Heads in the order the state dict lists them, which is TreeMTL's task order (task i = the i-th head).
    private static List<TaskHeadSpec> Heads(string path, IReadOnlyList<StateTensor> entries)
    {
        var heads = new List<TaskHeadSpec>();
        foreach (var name in entries.Select(e => e.Name).Where(n => n.StartsWith("heads.", StringComparison.Ordinal)).Select(n => n.Split('.')[1]).Distinct())
        {
            if (!TaskNames.All.Contains(name))
                throw Refused(path, $"it has a head '{PickleText.Printable(name)}', which is not a task MtlAttack scores ({string.Join(", ", TaskNames.All)})");
            var last = entries.FirstOrDefault(e => e.Name == $"heads.{name}.fc1.conv3.weight")
                ?? throw Refused(path, $"its '{name}' head is not an ASPP head (heads.{name}.fc1..fc4.conv1..conv3), the only head MtlAttack's DeepLab ResNet has");
            int channels = (int)last.Shape[0];
            heads.Add(new TaskHeadSpec(name, channels, name == TaskNames.SegmentSemantic ? channels : null));
        }
        if (heads.Count == 0) throw Refused(path, "its state dict has no heads.…; a TreeMTL layout model has one head per task");
        return heads;
    }

    // The stem's channels give the width; the ASPP heads must be as wide as ours are for that stem.
    private static DeepLabResNet Backbone(string path, IReadOnlyList<StateTensor> entries, IReadOnlyList<TaskHeadSpec> heads)
    {
        var stem = entries.First(e => e.Name == TreeMtlKeyMap.BlockPrefix + "0.residual_block.0.weight");
        if (stem.Shape is not [var width, 3, 7, 7] || width is < 1 or > DeepLabResNet.StandardWidth * 4)
            throw Refused(path, $"its stem convolution has shape {stem.ShapeText}; the DeepLab ResNet's is [width, 3, 7, 7] with a width of 1..{DeepLabResNet.StandardWidth * 4}");
        var resnet = DeepLabResNet.ResNet34.WithWidth((int)width);
        foreach (var head in heads)
        {
            var first = entries.First(e => e.Name == $"heads.{head.Name}.fc1.conv3.weight");
            var hidden = entries.FirstOrDefault(e => e.Name == $"heads.{head.Name}.fc1.conv1.weight");
            if (hidden?.Shape is not [var asppWidth, var features, 3, 3] || asppWidth != resnet.AsppWidth || features != resnet.FeatureChannels || first.Shape[1] != resnet.AsppWidth)
                throw Refused(path, $"its '{head.Name}' ASPP head has {hidden?.ShapeText ?? "no conv1"} for a stem of {width} channels; "
                    + $"ours takes {resnet.FeatureChannels} features into {resnet.AsppWidth} channels (16 x the stem), as TreeMTL's own heads do");
        }
        return resnet;
    }

    private static DeepLabResNet ResNetOf(string path, int fineBlocks, int width)
    {
        var resnet = BackboneCatalog.All.OfType<DeepLabResNet>().FirstOrDefault(r => 1 + r.BlocksPerStage.Sum() == fineBlocks)
            ?? throw Refused(path, $"its layout has {fineBlocks} blocks; MtlAttack's DeepLab ResNets have "
                + string.Join(" or ", BackboneCatalog.All.OfType<DeepLabResNet>().Select(r => $"{1 + r.BlocksPerStage.Sum()} ({r.Name})")));
        return resnet.WithWidth(width);
    }

    // Without a pickled layout, TreeMTL's index names the coarse layout, which TreeMTL repeats over each stage's blocks.
    private static (TreeMtlLayout, DeepLabResNet) FromIndex(string path, TreeMtlImportOptions options, int tasks, DeepLabResNet width, IReadOnlyList<string> names)
    {
        if (options.TreeMtlLayoutIndex is not int index)
            throw Refused(path, "it has no pickled layout; give TreeMTL's layout index (MTLAttack-DGBA's --layout_idx, the folder the weights are in)");
        var all = Numbered(path, () => TreeMtlLayoutOrder.Enumerate(tasks, CoarseBlocks));
        if (index < 0 || index >= all.Count)
            throw Refused(path, $"TreeMTL layout #{index} does not exist: {tasks} tasks have layouts #0..#{all.Count - 1}");
        int named = TreeMtlKeyMap.CopiesNamed(names);
        foreach (var resnet in BackboneCatalog.All.OfType<DeepLabResNet>().Select(r => r.WithWidth(width.Width)))
        {
            var fine = Fine(all[index], resnet);
            if (TreeMtlKeyMap.CopyCount(fine) == named) return (fine, resnet);
        }
        throw Refused(path, $"its {named} block copies fit TreeMTL layout #{index} ({all[index]}) on none of MtlAttack's DeepLab ResNets; is the index right?");
    }

    private static TreeMtlLayout Fine(TreeMtlLayout coarse, DeepLabResNet resnet) =>
        new(coarse.TaskCount, TreeMtlKeyMap.FineBlocks(resnet).Select(position => coarse.Blocks[position.Stage]).ToList());

    // TreeMTL's fine layouts come from coarse ones (coarse_to_fined); ours can hold only those.
    internal static TreeMtlLayout Coarse(string path, TreeMtlLayout fine, DeepLabResNet resnet)
    {
        var positions = TreeMtlKeyMap.FineBlocks(resnet);
        var first = new int[CoarseBlocks];
        for (int l = 0; l < positions.Count; l++)
        {
            int stage = positions[l].Stage;
            if (positions[l].Index == 0) first[stage] = l;
            else if (!fine.Layout.GroupLabels(l).AsSpan().SequenceEqual(fine.Layout.GroupLabels(first[stage])))
                throw Refused(path, $"its layout branches inside layer{stage} (block {l} of {positions.Count} has task sets {Sets(fine, l)}, block {first[stage]} {Sets(fine, first[stage])}); "
                    + "MtlAttack's layouts branch only between the stem and layer1..layer4, as TreeMTL's coarse layouts do");
        }
        return new TreeMtlLayout(fine.TaskCount, first.Select(l => fine.Blocks[l]).ToList());
    }

    // TreeMTL's numbering is enumerated, which is bounded (TreeMtlLayoutOrder.MaxLayouts: up to 6 tasks over 5 blocks).
    private static T Numbered<T>(string path, Func<T> number)
    {
        try
        {
            return number();
        }
        catch (ArgumentException e)
        {
            throw Refused(path, $"its layout cannot be numbered as TreeMTL numbers them: {e.Message.TrimEnd('.')}");
        }
    }

    private static string Sets(TreeMtlLayout layout, int block) => string.Join(" ", layout.Blocks[block].Select(s => "{" + string.Join(",", s) + "}"));

    private static ModelRefusedException Refused(string path, string problem) => new($"{path} cannot be imported as a TreeMTL checkpoint: {problem}.");
}
