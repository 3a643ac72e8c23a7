using MtlAttack.Core.Models.Import;

namespace MtlAttack.Core.Tests.Models.Import;

/// <summary>
/// The one plain-data class the restricted unpickler reads, TreeMTL's main.layout.Layout, becomes its attribute dict
/// and never an object; sets become plain item lists; every other class stays refused.
/// </summary>
public sealed class PlainRecordPickleTests
{
    // What pickle protocol 2 writes for a new-style object: GLOBAL, EMPTY_TUPLE, NEWOBJ, then its __dict__ and BUILD.
    private static PickleBuilder Record(string module, string name, Action<PickleBuilder> attributes)
    {
        var pickle = new PickleBuilder();
        pickle.Global(module, name);
        pickle.EmptyTuple();
        pickle.Op(0x81);
        pickle.EmptyDict();
        attributes(pickle);
        pickle.Build();
        return pickle;
    }

    [Fact]
    public void TreeMtlsLayoutBecomesItsAttributesWithItsSets()
    {
        var pickle = Record("main.layout", "Layout", p =>
        {
            p.String("T").Int(2).SetItem();
            p.String("state").EmptyList();
            p.Global("__builtin__", "set");
            p.EmptyList().Mark().Int(1).Int(0).Int(1).Op((byte)'e');
            p.Op(0x85).Reduce().Append();
            p.SetItem();
        });

        var record = Assert.IsType<PickleRecord>(RestrictedUnpickler.Load(pickle.Finish(), "test.pt"));

        Assert.Equal("main.layout.Layout", record.ClassName);
        Assert.True(record.Attributes.TryGet("T", out var tasks));
        Assert.Equal(2L, tasks);
        Assert.True(record.Attributes.TryGet("state", out var state));
        var set = Assert.IsType<PickleSet>(Assert.Single(Assert.IsType<List<object?>>(state)));
        Assert.Equal([1L, 0L], set.Items);
    }

    [Fact]
    public void ProtocolFourSetsAreReadToo()
    {
        var pickle = new PickleBuilder(4);
        pickle.Op(0x8f).Mark().Int(3).Int(5).Int(3).Op(0x90);

        var set = Assert.IsType<PickleSet>(RestrictedUnpickler.Load(pickle.Finish(), "test.pt"));

        Assert.Equal([3L, 5L], set.Items);
    }

    [Fact]
    public void CallingTheLayoutClassIsRefusedAsUnsafe()
    {
        var pickle = new PickleBuilder();
        pickle.Global("main.layout", "Layout");
        pickle.TupleOf(p => p.Int(3), p => p.Int(5), p => p.None());
        pickle.Reduce();

        var error = Assert.Throws<UnsafePickleException>(() => RestrictedUnpickler.Load(pickle.Finish(), "test.pt"));

        Assert.Contains("calls main.layout.Layout(…), which torch.save never does", error.Message);
    }

    [Fact]
    public void ALayoutWithConstructorArgumentsOrBuiltTwiceIsRefused()
    {
        var withArguments = new PickleBuilder();
        withArguments.Global("main.layout", "Layout");
        withArguments.TupleOf(p => p.Int(3));
        withArguments.Op(0x81);
        Assert.Contains("pickle passes no arguments to a plain class",
            Assert.Throws<PyTorchFormatException>(() => RestrictedUnpickler.Load(withArguments.Finish(), "test.pt")).Message);

        var twice = Record("main.layout", "Layout", _ => { });
        twice.EmptyDict().Build();
        Assert.Contains("a plain object's state is one dict of attribute names",
            Assert.Throws<PyTorchFormatException>(() => RestrictedUnpickler.Load(twice.Finish(), "test.pt")).Message);
    }

    [Theory]
    [InlineData("main.layout", "Layer")]
    [InlineData("main.models", "Deeplab_ASPP_Layout")]
    [InlineData("layout", "Layout")]
    public void AnyOtherClassIsStillRefusedByName(string module, string name)
    {
        var pickle = Record(module, name, _ => { });

        var error = Assert.Throws<UnsafePickleException>(() => RestrictedUnpickler.Load(pickle.Finish(), "test.pt"));

        Assert.Equal($"{module}.{name}", error.ForbiddenGlobal);
    }

    [Fact]
    public void ASetOfAnythingButNumbersAndStringsIsRefused()
    {
        var pickle = new PickleBuilder();
        pickle.Global("builtins", "set");
        pickle.EmptyList().EmptyList().Append();
        pickle.Op(0x85).Reduce();

        var error = Assert.Throws<PyTorchFormatException>(() => RestrictedUnpickler.Load(pickle.Finish(), "test.pt"));

        Assert.Contains("a set holds a list (0 items); only numbers and strings are read", error.Message);
    }
}
