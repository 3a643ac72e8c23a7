using MtlAttack.Core.Models.Sharing;

namespace MtlAttack.Core.Tests.Models;

public class LayoutTextTests
{
    [Fact]
    public void EveryLayoutRoundTripsThroughItsText()
    {
        for (int t = 1; t <= 4; t++)
            for (int b = 1; b <= 3; b++)
                foreach (var layout in Layouts.Enumerate(t, b))
                {
                    var text = layout.ToString();
                    Assert.Equal(layout, Layout.Parse(text));
                    Assert.Equal(text, Layout.Parse(text).ToString());
                }
    }

    [Fact]
    public void ParsingIgnoresSpacesAndOrderAndPrintsCanonically()
    {
        var layout = Layout.Parse(" { 2 }{1, 0} |\t{2}{1}{0} ");
        Assert.Equal("{0,1}{2}|{0}{1}{2}", layout.ToString());
        Assert.Equal(3, layout.TaskCount);
        Assert.Equal(2, layout.BlockCount);
        Assert.Equal(0, layout.ParentGroup(1, 1));
        Assert.Equal(1, layout.ParentGroup(1, 2));
        Assert.Equal(1, layout.BranchBlock(0, 1));
        Assert.Equal(0, layout.BranchBlock(0, 2));
    }

    [Fact]
    public void SharedAndIndependentEnds()
    {
        Assert.Equal("{0,1,2}|{0,1,2}", Layout.FullyShared(3, 2).ToString());
        Assert.Equal("{0}{1}{2}|{0}{1}{2}", Layout.FullyIndependent(3, 2).ToString());
        Assert.True(Layout.FullyShared(3, 2).IsFullyShared);
        Assert.True(Layout.FullyIndependent(3, 2).IsFullyIndependent);
        Assert.Equal(6, Layout.FullyIndependent(3, 2).BlockInstanceCount);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("{0,1}|", "block 1 must start with '{' but found the end of the text")]
    [InlineData("{0,1", "never closed")]
    [InlineData("{0,,1}", "expected a task index")]
    [InlineData("{a}", "expected a task index (0, 1, ...) but found 'a'")]
    [InlineData("{}", "empty group")]
    [InlineData("{0}{0}", "lists task 0 more than once")]
    [InlineData("{0,1}|{0}", "every block must partition the same tasks")]
    [InlineData("{0}|{0}{1}", "every block must partition the same tasks")]
    [InlineData("{0,2}", "without gaps")]
    [InlineData("{0}{1}|{0,1}", "branches never merge again")]
    [InlineData("{0,1}x{0}{1}", "expected '|' or '{' after block 0 but found 'x'")]
    [InlineData("{0;1}", "expected ',' or '}' but found ';'")]
    [InlineData("{0,99}", "out of range")]
    public void MalformedTextIsRefusedWithAReason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Layout.Parse(text));
        Assert.Contains(reason, error.Message);
        Assert.Contains("Invalid layout", error.Message);
        Assert.False(Layout.TryParse(text, out var layout, out var message));
        Assert.Null(layout);
        Assert.Equal(error.Message, message);
    }

    [Fact]
    public void ResolveAcceptsNamesIndicesAndText()
    {
        Assert.Equal(Layout.FullyShared(3, 5), Layouts.Resolve("shared", 3, 5));
        Assert.Equal(Layout.FullyIndependent(3, 5), Layouts.Resolve("Independent", 3, 5));
        Assert.Equal(Layouts.At(3, 5, 17), Layouts.Resolve("#17", 3, 5));
        Assert.Equal(Layouts.At(3, 5, 17), Layouts.Resolve("17", 3, 5));
        Assert.Equal("{0,1,2}|{0,1,2}|{0,1}{2}|{0}{1}{2}|{0}{1}{2}", Layouts.Resolve("{0,1,2}|{0,1,2}|{0,1}{2}|{0}{1}{2}|{0}{1}{2}", 3, 5).ToString());
        Assert.Contains("indices 0..50", Assert.Throws<FormatException>(() => Layouts.Resolve("51", 3, 5)).Message);
        Assert.Contains("needs 3 tasks and 5 blocks", Assert.Throws<FormatException>(() => Layouts.Resolve("{0,1}|{0}{1}", 3, 5)).Message);
    }

    [Fact]
    public void GroupLabelsMustNotMergeBranches()
    {
        var error = Assert.Throws<ArgumentException>(() => Layout.FromGroupLabels([[0, 1], [0, 0]]));
        Assert.Contains("branches never merge again", error.Message);
        Assert.Equal("{0}{1}|{0}{1}", Layout.FromGroupLabels([[5, 3], [1, 0]]).ToString());
    }
}
