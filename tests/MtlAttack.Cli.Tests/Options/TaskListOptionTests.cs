using MtlAttack.Cli.Options;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Cli.Tests.Options;

public sealed class TaskListOptionTests
{
    [Theory]
    [InlineData("taskonomy")]
    [InlineData("Taskonomy")]
    [InlineData("edge_texture,keypoints2d,depth_zbuffer,normal,segment_semantic")]
    [InlineData("segment_semantic+normal+depth_zbuffer+keypoints2d+edge_texture")]
    public void Five_tasks_come_back_in_the_reference_order(string text) =>
        Assert.Equal(TaskNames.Taskonomy, TaskListOption.Parse(text));

    [Fact]
    public void The_nyuv2_preset_is_the_three_nyuv2_tasks() =>
        Assert.Equal(TaskNames.NyuV2, TaskListOption.Parse("nyuv2"));

    [Fact]
    public void Repeated_names_count_once() =>
        Assert.Equal([TaskNames.SegmentSemantic, TaskNames.Depth], TaskListOption.Parse("depth_zbuffer, segment_semantic ,depth_zbuffer"));

    [Theory]
    [InlineData("")]
    [InlineData(",")]
    [InlineData("segment_semantic,sky")]
    public void Invalid_lists_are_refused_with_the_valid_choices(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => TaskListOption.Parse(text));
        Assert.Contains("taskonomy", error.Message);
        Assert.Contains(TaskNames.Edges, error.Message);
    }
}
