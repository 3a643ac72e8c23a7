using System.Globalization;
using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Cli.Commands.SharingLayouts;

/// <summary>
/// The heads <c>layouts</c> counts parameters with. <c>--tasks</c> is a number T or a task list; a number stands for
/// the first T tasks in the reference order (segmentation with the synthetic scenes' classes, normals, depth,
/// keypoints, edges), and beyond five tasks for one-channel heads.
/// </summary>
public sealed record LayoutTasks(IReadOnlyList<string> Names, IReadOnlyList<int> OutputChannels)
{
    public int Count => Names.Count;

    public static LayoutTasks Parse(string text)
    {
        string trimmed = text.Trim();
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            return count < 1 ? throw new UsageException($"--tasks must be at least 1, got {count}.") : FirstOf(count);
        return UsageException.Guard(() => Named(Options.TaskListOption.Parse(trimmed)), "--tasks takes a number of tasks or a task list: ");
    }

    public static LayoutTasks FirstOf(int count)
    {
        var names = Enumerable.Range(0, count).Select(i => i < TaskNames.All.Count ? TaskNames.All[i] : $"task{i}").ToList();
        return new LayoutTasks(names, names.Select(Channels).ToList());
    }

    public static LayoutTasks Named(IReadOnlyList<string> names) => new(names, names.Select(Channels).ToList());

    private static int Channels(string task) =>
        TaskNames.All.Contains(task) ? VisionTaskFactory.Create(task, segmentationClasses: SyntheticScenes.ClassCount).OutputChannels : 1;
}
