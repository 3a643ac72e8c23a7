using System.Diagnostics;
using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Tasks;
using Xunit.Abstractions;

namespace MtlAttack.Core.Tests.Datasets.Synthetic;

/// <summary>Reports generation speed; speed is never asserted in tests (it depends on the machine and its load).</summary>
public class SyntheticScenesSpeedTests(ITestOutputHelper output)
{
    [Fact]
    public void ReportsTheTimeToMakeAThousandScenesOf64Pixels()
    {
        var dataset = new SyntheticScenes(new SyntheticSceneOptions { Count = 1000, Size = 64, Tasks = TaskNames.All });
        dataset.Load("train", 0).Dispose();

        var clock = Stopwatch.StartNew();
        int made = 0;
        foreach (var split in dataset.Splits)
        {
            for (int index = 0; index < dataset.Count(split); index++)
            {
                using var sample = dataset.Load(split, index);
                made++;
            }
        }
        clock.Stop();

        output.WriteLine($"{made} synthetic scenes of 64 x 64 with all five tasks: {clock.Elapsed.TotalSeconds:F2} s (other test classes may run alongside)");
        Assert.Equal(1000, made);
    }
}
