using System.Buffers.Binary;
using System.Text;

namespace MtlAttack.Core.Models.Import;

/// <summary>
/// A pickle machine for the opcodes <c>torch.save</c> writes for a state dict (protocols 2 to 5), which builds only
/// plain values: None, bool, int, float, str, bytes, list, tuple (<c>object?[]</c>), dict (<see cref="PickleDict"/>),
/// set (<see cref="PickleSet"/>), storages, tensors, and the attribute dicts of allow-listed plain-data classes
/// (<see cref="PickleRecord"/>; NEWOBJ is accepted for those alone). It never imports or calls Python: globals are looked up in <see cref="PickleGlobals"/>'s
/// whitelist and the few calls torch makes are interpreted by <see cref="TorchPickleCalls"/>. Any other global is
/// refused by name, any other opcode by name and position.
/// </summary>
internal sealed class RestrictedUnpickler
{
    private const int MaxGlobalNameBytes = 1024;

    private readonly byte[] data;
    private readonly string source;
    private readonly long maxValues;
    private long valueCount;
    private readonly TorchPickleCalls calls;
    private readonly Dictionary<long, object?> memo = new();
    private readonly Stack<List<object?>> marks = new();
    private List<object?> stack = new();
    private int position;
    private int opcodeStart;

    private RestrictedUnpickler(byte[] data, string source, long maxValues)
    {
        this.data = data;
        this.source = source;
        this.maxValues = maxValues;
        calls = new TorchPickleCalls(source);
    }

    /// <summary>
    /// Runs the pickle to its STOP and returns the value it built; <paramref name="source"/> names the file in errors.
    /// <paramref name="maxValues"/> bounds the values pushed, since most one-byte opcodes allocate an object.
    /// </summary>
    public static object? Load(byte[] pickle, string source, long maxValues = PyTorchImportOptions.DefaultMaxPickleValues) =>
        new RestrictedUnpickler(pickle, source, maxValues).Run();

    private object? Run()
    {
        while (true)
        {
            if (position >= data.Length) throw Malformed("it ends without a STOP opcode (truncated?)");
            opcodeStart = position;
            var opcode = (PickleOpcode)data[position++];
            switch (opcode)
            {
                case PickleOpcode.PROTO:
                    int protocol = ReadByte();
                    if (protocol is < 2 or > 5) throw Malformed($"it declares pickle protocol {protocol}; torch.save writes 2 to 5");
                    break;
                case PickleOpcode.FRAME:
                    // Frames only group opcodes for buffered reading; the whole pickle is in memory already.
                    if (ReadUInt64() > (ulong)(data.Length - position)) throw Malformed("a FRAME is longer than the rest of the pickle");
                    break;
                case PickleOpcode.STOP:
                    var result = Pop();
                    if (stack.Count != 0 || marks.Count != 0) throw Malformed("values are left on the stack at STOP");
                    return result;

                case PickleOpcode.MARK:
                    marks.Push(stack);
                    stack = new List<object?>();
                    break;
                case PickleOpcode.POP:
                    Pop();
                    break;
                case PickleOpcode.POP_MARK:
                    PopMark();
                    break;

                case PickleOpcode.NONE: Push(null); break;
                case PickleOpcode.NEWTRUE: Push(true); break;
                case PickleOpcode.NEWFALSE: Push(false); break;
                case PickleOpcode.BININT: Push((long)BinaryPrimitives.ReadInt32LittleEndian(Read(4))); break;
                case PickleOpcode.BININT1: Push((long)ReadByte()); break;
                case PickleOpcode.BININT2: Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Read(2))); break;
                case PickleOpcode.LONG1: Push(ReadLong1()); break;
                case PickleOpcode.BINFLOAT: Push(BinaryPrimitives.ReadDoubleBigEndian(Read(8))); break;
                case PickleOpcode.SHORT_BINUNICODE: Push(ReadUtf8(ReadByte())); break;
                case PickleOpcode.BINUNICODE: Push(ReadUtf8(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))); break;
                case PickleOpcode.BINUNICODE8: Push(ReadUtf8(ReadUInt64())); break;
                case PickleOpcode.SHORT_BINBYTES: Push(Read(ReadByte()).ToArray()); break;
                case PickleOpcode.BINBYTES: Push(Read(BinaryPrimitives.ReadUInt32LittleEndian(Read(4))).ToArray()); break;
                case PickleOpcode.BINBYTES8: Push(Read(ReadUInt64()).ToArray()); break;

                case PickleOpcode.EMPTY_TUPLE: Push(Array.Empty<object?>()); break;
                case PickleOpcode.TUPLE: Push(PopMark().ToArray()); break;
                case PickleOpcode.TUPLE1: Push(PopMany(1)); break;
                case PickleOpcode.TUPLE2: Push(PopMany(2)); break;
                case PickleOpcode.TUPLE3: Push(PopMany(3)); break;
                case PickleOpcode.EMPTY_LIST: Push(new List<object?>()); break;
                case PickleOpcode.LIST: Push(PopMark()); break;
                case PickleOpcode.APPEND:
                    var item = Pop();
                    PeekList().Add(item);
                    break;
                case PickleOpcode.APPENDS:
                    var items = PopMark();
                    PeekList().AddRange(items);
                    break;
                case PickleOpcode.EMPTY_SET: Push(new PickleSet()); break;
                case PickleOpcode.ADDITEMS:
                    var setItems = PopMark();
                    var set = Peek() as PickleSet ?? throw Malformed($"{OpcodeName} adds items to {PickleText.Describe(Peek())}, not a set");
                    foreach (var setItem in setItems) set.Add(setItem);
                    break;
                case PickleOpcode.EMPTY_DICT: Push(new PickleDict()); break;
                case PickleOpcode.DICT:
                    var dict = new PickleDict();
                    SetItems(dict, PopMark());
                    Push(dict);
                    break;
                case PickleOpcode.SETITEM:
                    var value = Pop();
                    var key = Pop();
                    PeekDict().Set(key, value, Malformed);
                    break;
                case PickleOpcode.SETITEMS:
                    var pairs = PopMark();
                    SetItems(PeekDict(), pairs);
                    break;

                case PickleOpcode.BINPUT: Memoize(ReadByte()); break;
                case PickleOpcode.LONG_BINPUT: Memoize(BinaryPrimitives.ReadUInt32LittleEndian(Read(4))); break;
                case PickleOpcode.MEMOIZE: Memoize(memo.Count); break;
                case PickleOpcode.BINGET: Push(Recall(ReadByte())); break;
                case PickleOpcode.LONG_BINGET: Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))); break;

                case PickleOpcode.GLOBAL:
                    var module = ReadLine();
                    Push(PickleGlobals.Resolve(module, ReadLine(), source));
                    break;
                case PickleOpcode.STACK_GLOBAL:
                    var name = Pop();
                    var moduleName = Pop();
                    if (moduleName is not string m || name is not string n)
                        throw Malformed($"STACK_GLOBAL names {PickleText.Describe(moduleName)}.{PickleText.Describe(name)} instead of two strings");
                    Push(PickleGlobals.Resolve(m, n, source));
                    break;
                case PickleOpcode.INST:
                    // INST names its class inline like GLOBAL: refuse a forbidden one by name before refusing the opcode.
                    var instModule = ReadLine();
                    PickleGlobals.Resolve(instModule, ReadLine(), source);
                    throw Unsupported(opcode);
                case PickleOpcode.NEWOBJ:
                    var newArguments = Pop();
                    var newClass = Pop();
                    // Only the allow-listed plain-data classes, which become records; any other class is refused as before.
                    if (newClass is not AllowedGlobal { Kind: AllowedGlobalKind.Record } recordClass) throw Unsupported(opcode);
                    if (newArguments is not object?[] { Length: 0 })
                        throw Malformed($"{OpcodeName} makes a {recordClass.QualifiedName} from {PickleText.Describe(newArguments)}; pickle passes no arguments to a plain class");
                    Push(new PickleRecord(recordClass.QualifiedName));
                    break;
                case PickleOpcode.REDUCE:
                    var arguments = Pop();
                    var callable = Pop();
                    Push(calls.Call(callable, arguments));
                    break;
                case PickleOpcode.BUILD:
                    var state = Pop();
                    calls.Build(Peek(), state);
                    break;
                case PickleOpcode.BINPERSID:
                    Push(calls.PersistentLoad(Pop()));
                    break;

                default:
                    throw Unsupported(opcode);
            }
        }
    }

    private void Push(object? value)
    {
        if (++valueCount > maxValues)
            throw new PyTorchFormatException($"{source}: its pickle builds more than {maxValues} values, the limit; a state dict needs a few dozen per tensor.");
        stack.Add(value);
    }

    private object? Pop()
    {
        if (stack.Count == 0) throw Malformed($"{OpcodeName} needs a value but the stack is empty");
        var value = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private object? Peek() => stack.Count > 0 ? stack[^1] : throw Malformed($"{OpcodeName} needs a value but the stack is empty");

    private object?[] PopMany(int count)
    {
        if (stack.Count < count) throw Malformed($"{OpcodeName} needs {count} values but the stack holds {stack.Count}");
        var values = stack.GetRange(stack.Count - count, count).ToArray();
        stack.RemoveRange(stack.Count - count, count);
        return values;
    }

    private List<object?> PopMark()
    {
        if (marks.Count == 0) throw Malformed($"{OpcodeName} needs a MARK but there is none");
        var items = stack;
        stack = marks.Pop();
        return items;
    }

    private List<object?> PeekList() =>
        Peek() as List<object?> ?? throw Malformed($"{OpcodeName} appends to {PickleText.Describe(Peek())}, not a list");

    private PickleDict PeekDict() =>
        Peek() as PickleDict ?? throw Malformed($"{OpcodeName} sets an item of {PickleText.Describe(Peek())}, not a dict");

    private void SetItems(PickleDict dict, List<object?> keysAndValues)
    {
        if (keysAndValues.Count % 2 != 0) throw Malformed($"{OpcodeName} has a key without a value");
        for (int i = 0; i < keysAndValues.Count; i += 2) dict.Set(keysAndValues[i], keysAndValues[i + 1], Malformed);
    }

    private void Memoize(long index) => memo[index] = Peek();

    private object? Recall(long index) =>
        memo.TryGetValue(index, out var value) ? value : throw Malformed($"{OpcodeName} recalls memo entry {index}, which was never stored");

    private ReadOnlySpan<byte> Read(ulong count)
    {
        if (count > (ulong)(data.Length - position)) throw Malformed($"{OpcodeName} reads {count} bytes but only {data.Length - position} remain (truncated?)");
        var span = data.AsSpan(position, (int)count);
        position += (int)count;
        return span;
    }

    private byte ReadByte() => Read(1)[0];

    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Read(8));

    // LONG1: a little-endian two's-complement integer of up to 255 bytes; state dicts never need more than 64 bits.
    private long ReadLong1()
    {
        var bytes = Read(ReadByte());
        if (bytes.Length > 8) throw Malformed($"LONG1 holds a {bytes.Length}-byte integer; sizes and offsets fit in 8 bytes");
        if (bytes.Length == 0) return 0;
        long value = (sbyte)bytes[^1];
        for (int i = bytes.Length - 2; i >= 0; i--) value = (value << 8) | bytes[i];
        return value;
    }

    private string ReadUtf8(ulong count)
    {
        var bytes = Read(count);
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed($"{OpcodeName} holds bytes that are not UTF-8");
        }
    }

    private string ReadLine()
    {
        int end = Array.IndexOf(data, (byte)'\n', position, Math.Min(MaxGlobalNameBytes, data.Length - position));
        if (end < 0) throw Malformed($"{OpcodeName} names a global without a line end within {MaxGlobalNameBytes} bytes");
        var line = Encoding.UTF8.GetString(data, position, end - position);
        position = end + 1;
        return line;
    }

    private string OpcodeName => $"{Name((PickleOpcode)data[opcodeStart])} at byte {opcodeStart}";

    /// <summary>pickletools' name for the opcode, or its byte in hex when it is not a pickle opcode at all.</summary>
    private static string Name(PickleOpcode opcode) => Enum.IsDefined(opcode) ? opcode.ToString() : $"0x{(byte)opcode:x2} (not a pickle opcode)";

    private PyTorchFormatException Unsupported(PickleOpcode opcode)
    {
        var message = $"{source}: its pickle uses opcode {Name(opcode)} at byte {opcodeStart}, which torch.save does not write for a state dict";
        const string advice = "refusing to load it (nothing from the file was run). Export the weights with torch.save(model.state_dict()) or as safetensors.";
        return opcode is PickleOpcode.INST or PickleOpcode.OBJ or PickleOpcode.NEWOBJ or PickleOpcode.NEWOBJ_EX
            or PickleOpcode.EXT1 or PickleOpcode.EXT2 or PickleOpcode.EXT4 or PickleOpcode.PERSID
            ? new UnsafePickleException($"{message} and which builds arbitrary objects; {advice}")
            : new PyTorchFormatException($"{message}; {advice}");
    }

    private PyTorchFormatException Malformed(string problem) => new($"{source}: its pickle is malformed: {problem}.");
}
