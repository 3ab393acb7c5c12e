namespace Trainer.Shared.Serialization;

/// <summary>The pickle opcodes (protocols 0-5) that <see cref="PickleReader"/> understands.</summary>
internal static class PickleOpcode
{
    internal const byte Mark = (byte)'(';
    internal const byte Stop = (byte)'.';
    internal const byte Pop = (byte)'0';
    internal const byte PopMark = (byte)'1';
    internal const byte Dup = (byte)'2';
    internal const byte Float = (byte)'F';
    internal const byte Int = (byte)'I';
    internal const byte BinInt = (byte)'J';
    internal const byte BinInt1 = (byte)'K';
    internal const byte Long = (byte)'L';
    internal const byte BinInt2 = (byte)'M';
    internal const byte None = (byte)'N';
    internal const byte PersId = (byte)'P';
    internal const byte BinPersId = (byte)'Q';
    internal const byte Reduce = (byte)'R';
    internal const byte String = (byte)'S';
    internal const byte BinString = (byte)'T';
    internal const byte ShortBinString = (byte)'U';
    internal const byte Unicode = (byte)'V';
    internal const byte BinUnicode = (byte)'X';
    internal const byte Append = (byte)'a';
    internal const byte Build = (byte)'b';
    internal const byte Global = (byte)'c';
    internal const byte Dict = (byte)'d';
    internal const byte EmptyDict = (byte)'}';
    internal const byte Appends = (byte)'e';
    internal const byte Get = (byte)'g';
    internal const byte BinGet = (byte)'h';
    internal const byte LongBinGet = (byte)'j';
    internal const byte List = (byte)'l';
    internal const byte EmptyList = (byte)']';
    internal const byte Put = (byte)'p';
    internal const byte BinPut = (byte)'q';
    internal const byte LongBinPut = (byte)'r';
    internal const byte SetItem = (byte)'s';
    internal const byte Tuple = (byte)'t';
    internal const byte EmptyTuple = (byte)')';
    internal const byte SetItems = (byte)'u';
    internal const byte BinFloat = (byte)'G';

    // protocol 2
    internal const byte Proto = 0x80;
    internal const byte NewObj = 0x81;
    internal const byte Tuple1 = 0x85;
    internal const byte Tuple2 = 0x86;
    internal const byte Tuple3 = 0x87;
    internal const byte NewTrue = 0x88;
    internal const byte NewFalse = 0x89;
    internal const byte Long1 = 0x8a;
    internal const byte Long4 = 0x8b;

    // protocol 3
    internal const byte BinBytes = (byte)'B';
    internal const byte ShortBinBytes = (byte)'C';

    // protocol 4
    internal const byte ShortBinUnicode = 0x8c;
    internal const byte BinUnicode8 = 0x8d;
    internal const byte BinBytes8 = 0x8e;
    internal const byte EmptySet = 0x8f;
    internal const byte AddItems = 0x90;
    internal const byte FrozenSet = 0x91;
    internal const byte NewObjEx = 0x92;
    internal const byte StackGlobal = 0x93;
    internal const byte Memoize = 0x94;
    internal const byte Frame = 0x95;

    // protocol 5
    internal const byte ByteArray8 = 0x96;
}
