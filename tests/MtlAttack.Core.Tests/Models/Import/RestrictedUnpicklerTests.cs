using MtlAttack.Core.Models.Import;

namespace MtlAttack.Core.Tests.Models.Import;

/// <summary>The pickle machine builds plain values exactly as Python would and refuses malformed programs clearly.</summary>
public sealed class RestrictedUnpicklerTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void PlainValuesAreBuiltAsPythonBuildsThem(int protocol)
    {
        var pickle = new PickleBuilder(protocol);
        pickle.EmptyList();
        pickle.Put();
        pickle.Mark();
        pickle.Int(7).Int(300).Int(-5).Int(70_000).Int(-1L << 40).Int(long.MaxValue);
        pickle.Float(-2.5);
        pickle.String("naïve ✓").UncachedString("");
        pickle.None().Bool(true).Bool(false);
        pickle.TupleOf(p => p.Int(1), p => p.Int(2), p => p.Int(3), p => p.Int(4));
        pickle.Raw([(byte)'C', 3, 1, 2, 3]);
        pickle.EmptyDict();
        pickle.String("key").String("value").SetItem();
        pickle.String("naïve ✓");
        pickle.Op((byte)'e');

        var value = Assert.IsType<List<object?>>(RestrictedUnpickler.Load(pickle.Finish(), "test.pt"));

        Assert.Equal([7L, 300L, -5L, 70_000L, -1L << 40, long.MaxValue, -2.5, "naïve ✓", "", null, true, false], value.Take(12));
        Assert.Equal(new object?[] { 1L, 2L, 3L, 4L }, Assert.IsType<object?[]>(value[12]));
        Assert.Equal(new byte[] { 1, 2, 3 }, Assert.IsType<byte[]>(value[13]));
        var dict = Assert.IsType<PickleDict>(value[14]);
        Assert.True(dict.TryGet("key", out var item));
        Assert.Equal("value", item);
        Assert.Same(value[7], value[15]);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 2, (byte)'K', 1 }, "ends without a STOP opcode")]
    [InlineData(new byte[] { 0x80, 2, (byte)'X', 0xff, 0, 0, 0, (byte)'a', (byte)'.' }, "BINUNICODE at byte 2 reads 255 bytes but only 2 remain")]
    [InlineData(new byte[] { 0x80, 2, (byte)'t', (byte)'.' }, "TUPLE at byte 2 needs a MARK but there is none")]
    [InlineData(new byte[] { 0x80, 2, 0x86, (byte)'.' }, "TUPLE2 at byte 2 needs 2 values but the stack holds 0")]
    [InlineData(new byte[] { 0x80, 2, (byte)'h', 9, (byte)'.' }, "BINGET at byte 2 recalls memo entry 9, which was never stored")]
    [InlineData(new byte[] { 0x80, 2, 0x8a, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, (byte)'.' }, "LONG1 holds a 9-byte integer")]
    [InlineData(new byte[] { 0x80, 2, (byte)'X', 2, 0, 0, 0, 0xc3, 0x28, (byte)'.' }, "BINUNICODE at byte 2 holds bytes that are not UTF-8")]
    [InlineData(new byte[] { 0x80, 9, (byte)'N', (byte)'.' }, "declares pickle protocol 9")]
    [InlineData(new byte[] { 0x80, 2, (byte)'N', (byte)'N', (byte)'.' }, "values are left on the stack at STOP")]
    [InlineData(new byte[] { 0x80, 2, (byte)'N', (byte)'N', (byte)'K', 1, (byte)'s', (byte)'.' }, "SETITEM at byte 6 sets an item of None, not a dict")]
    [InlineData(new byte[] { 0x80, 2, (byte)'}', (byte)'N', (byte)'K', 1, (byte)'s', (byte)'.' }, "a dict key is None")]
    [InlineData(new byte[] { 0x80, 2, (byte)'K', 1, (byte)')', (byte)'R', (byte)'.' }, "REDUCE calls an int (1), which is not callable")]
    public void MalformedPicklesAreRefusedSayingWhereAndWhy(byte[] pickle, string expected)
    {
        var error = Assert.Throws<PyTorchFormatException>(() => RestrictedUnpickler.Load(pickle, "test.pt"));
        Assert.IsNotType<UnsafePickleException>(error);
        Assert.StartsWith("test.pt: its pickle is ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData((byte)'S', "STRING")]
    [InlineData((byte)'I', "INT")]
    [InlineData((byte)'F', "FLOAT")]
    [InlineData(0x97, "NEXT_BUFFER")]
    [InlineData(0xfe, "0xfe (not a pickle opcode)")]
    public void OpcodesTorchDoesNotWriteAreRefusedByName(byte opcode, string name)
    {
        var error = Assert.Throws<PyTorchFormatException>(() => RestrictedUnpickler.Load([0x80, 2, opcode, (byte)'.'], "test.pt"));
        Assert.Contains($"uses opcode {name} at byte 2, which torch.save does not write for a state dict", error.Message);
    }

    [Fact]
    public void RebuildArgumentsMustHaveTorchsShape()
    {
        var pickle = new PickleBuilder();
        pickle.Global("torch._utils", "_rebuild_tensor_v2");
        pickle.TupleOf(p => p.String("not a storage"), p => p.Int(0));
        pickle.Reduce();
        var error = Assert.Throws<PyTorchFormatException>(() => RestrictedUnpickler.Load(pickle.Finish(), "test.pt"));
        Assert.Contains("_rebuild_tensor_v2 gets 2 arguments; torch passes 6 or 7", error.Message);

        pickle = new PickleBuilder();
        pickle.Mark().String("storage").Global("torch", "FloatStorage").String("../../etc/passwd").String("cpu").Int(4).Tuple();
        pickle.BinPersId();
        error = Assert.Throws<PyTorchFormatException>(() => RestrictedUnpickler.Load(pickle.Finish(), "test.pt"));
        Assert.Contains("storage key a str ('../../etc/passwd')", error.Message);
    }
}
