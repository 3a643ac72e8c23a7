using System.Buffers.Binary;
using System.Text;

namespace MtlAttack.Core.Tests.Models.Import;

/// <summary>
/// Writes pickle opcodes one by one, the way CPython's pickler does for the protocol given: protocol 2 as
/// <c>torch.save</c> writes by default (GLOBAL, BINUNICODE, BINPUT), protocol 4 with a FRAME, STACK_GLOBAL,
/// SHORT_BINUNICODE and MEMOIZE. Tests use it for torch-shaped state dicts and for hostile pickles alike.
/// </summary>
internal sealed class PickleBuilder(int protocol = 2)
{
    private readonly MemoryStream body = new();
    private readonly Dictionary<string, int> memoizedGlobals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> memoizedStrings = new(StringComparer.Ordinal);
    private int memoCount;

    public int Protocol => protocol;

    public PickleBuilder Op(byte opcode) { body.WriteByte(opcode); return this; }

    public PickleBuilder Raw(ReadOnlySpan<byte> bytes) { body.Write(bytes); return this; }

    public PickleBuilder Mark() => Op((byte)'(');

    public PickleBuilder Tuple() => Op((byte)'t');

    public PickleBuilder EmptyTuple() => Op((byte)')');

    public PickleBuilder EmptyDict() => Op((byte)'}');

    public PickleBuilder EmptyList() => Op((byte)']');

    public PickleBuilder SetItem() => Op((byte)'s');

    public PickleBuilder SetItems() => Op((byte)'u');

    public PickleBuilder Append() => Op((byte)'a');

    public PickleBuilder Reduce() => Op((byte)'R');

    public PickleBuilder Build() => Op((byte)'b');

    public PickleBuilder BinPersId() => Op((byte)'Q');

    public PickleBuilder None() => Op((byte)'N');

    public PickleBuilder Bool(bool value) => Op(value ? (byte)0x88 : (byte)0x89);

    /// <summary>Stores the top of the stack in the memo, as the pickler does after every object it may meet again.</summary>
    public int Put()
    {
        int index = memoCount++;
        if (protocol >= 4)
        {
            Op(0x94);
            return index;
        }
        if (index < 256) Op((byte)'q').Raw([(byte)index]);
        else Op((byte)'r').Raw(LittleEndian32((uint)index));
        return index;
    }

    public PickleBuilder Get(int index) =>
        index < 256 ? Op((byte)'h').Raw([(byte)index]) : Op((byte)'j').Raw(LittleEndian32((uint)index));

    public PickleBuilder Int(long value)
    {
        if (value is >= 0 and < 256) return Op((byte)'K').Raw([(byte)value]);
        if (value is >= 0 and < 65536) return Op((byte)'M').Raw(LittleEndian16((ushort)value));
        if (value is >= int.MinValue and <= int.MaxValue) return Op((byte)'J').Raw(LittleEndian32((uint)(int)value));
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return Op(0x8a).Raw([8]).Raw(bytes);
    }

    public PickleBuilder Float(double value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
        return Op((byte)'G').Raw(bytes);
    }

    /// <summary>A str, memoized and recalled on reuse like the pickler does.</summary>
    public PickleBuilder String(string value)
    {
        if (memoizedStrings.TryGetValue(value, out int index)) return Get(index);
        UncachedString(value);
        memoizedStrings[value] = Put();
        return this;
    }

    public PickleBuilder UncachedString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (protocol >= 4 && bytes.Length < 256) return Op(0x8c).Raw([(byte)bytes.Length]).Raw(bytes);
        return Op((byte)'X').Raw(LittleEndian32((uint)bytes.Length)).Raw(bytes);
    }

    /// <summary>A module-level global, memoized and recalled on reuse.</summary>
    public PickleBuilder Global(string module, string name)
    {
        var qualified = module + "\n" + name;
        if (memoizedGlobals.TryGetValue(qualified, out int index)) return Get(index);
        if (protocol >= 4)
        {
            String(module);
            String(name);
            Op(0x93);
        }
        else
        {
            Op((byte)'c').Raw(Encoding.UTF8.GetBytes(module + "\n" + name + "\n"));
        }
        memoizedGlobals[qualified] = Put();
        return this;
    }

    /// <summary>A tuple of the values the actions push, with TUPLE1..3 where the pickler uses them.</summary>
    public PickleBuilder TupleOf(params Action<PickleBuilder>[] items)
    {
        if (items.Length == 0) return EmptyTuple();
        if (items.Length > 3) Mark();
        foreach (var item in items) item(this);
        return items.Length switch { 1 => Op(0x85), 2 => Op(0x86), 3 => Op(0x87), _ => Tuple() };
    }

    /// <summary>The finished pickle: PROTO, a FRAME around the body for protocol 4 and up, STOP.</summary>
    public byte[] Finish()
    {
        Op((byte)'.');
        using var result = new MemoryStream();
        result.Write([0x80, (byte)protocol]);
        if (protocol >= 4)
        {
            result.WriteByte(0x95);
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)body.Length);
            result.Write(length);
        }
        body.Position = 0;
        body.CopyTo(result);
        return result.ToArray();
    }

    private static byte[] LittleEndian16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] LittleEndian32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
