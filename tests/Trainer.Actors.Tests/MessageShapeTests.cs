using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Trainer.Coordinator.Actors;
using Trainer.Shared.Messages;

namespace Trainer.Actors.Tests;

/// <summary>
/// Messages are immutable sealed records of plain data and ids: never a tensor, a module or a
/// native handle, which would tie a message to one thread's (or one process's) native state.
/// Checked by reflection over every message type, so that a new one is held to it too.
/// </summary>
public sealed class MessageShapeTests
{
    private const string DeviceProtocol = "Trainer.Shared.Messages";
    private const string CoordinatorProtocol = "Trainer.Coordinator.Actors";

    /// <summary>
    /// Every type in the coordinator ↔ device namespace, and the records of the coordinator's
    /// (its other types are the actor and its book-keeping classes; <see cref="CoordinatorSetup"/>
    /// is the recipe handed to its Props, not a message, and holds the master's native state).
    /// </summary>
    public static IReadOnlyList<Type> MessageTypes { get; } =
        TopLevelTypes(typeof(LoadWeights).Assembly, DeviceProtocol)
            .Concat(TopLevelTypes(typeof(RunStep).Assembly, CoordinatorProtocol).Where(t => IsRecord(t) && t != typeof(CoordinatorSetup)))
            .ToList();

    public static TheoryData<string> MessageNames()
    {
        var names = new TheoryData<string>();
        foreach (var t in MessageTypes) names.Add(t.FullName!);
        return names;
    }

    [Fact]
    public void MessageTypes_BothProtocols_EveryKnownMessageFound()
    {
        // Guards the discovery itself: a filter that found nothing would pass every check below.
        Type[] known =
        [
            typeof(LoadWeights), typeof(ComputeGradients), typeof(GradientsComputed), typeof(TrainStep), typeof(ReplicaStepped),
            typeof(StepAborted), typeof(ShardFailed), typeof(GetWeights),
            typeof(RunStep), typeof(StepResult), typeof(CheckReplicas), typeof(SyncMaster),
        ];
        Assert.Subset(MessageTypes.ToHashSet(), known.ToHashSet());
        Assert.Contains(MessageTypes, t => t.Name == "ReplicaWeights"); // the coordinator's messages to itself, internal
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Message_AnyType_IsSealedRecord(string name)
    {
        var type = Find(name);
        Assert.True(type.IsSealed, $"{name} is not sealed");
        Assert.True(IsRecord(type), $"{name} is not a record");
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Message_AnyType_HasNoPublicSetterOrWritableField(string name)
    {
        var type = Find(name);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            if (property.SetMethod is { IsPublic: true } setter)
                Assert.True(IsInitOnly(setter), $"{name}.{property.Name} has a public setter");
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            Assert.True(field.IsInitOnly || field.IsLiteral, $"{name}.{field.Name} is a writable public field");
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Message_AnyType_CarriesNoTensorModuleOrNativeHandle(string name)
    {
        var type = Find(name);
        const BindingFlags every = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        var members = type.GetFields(every).Select(f => (f.Name, f.FieldType))
            .Concat(type.GetProperties(every).Select(p => (p.Name, Type: p.PropertyType)));
        foreach (var (member, memberType) in members)
            if (NativeIn(memberType, new HashSet<Type>()) is { } native)
                Assert.Fail($"{name}.{member} ({memberType.Name}) holds {native}");
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Message_WithoutData_IsASingletonWithoutPublicConstructor(string name)
    {
        var type = Find(name);
        var data = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        if (data.Length > 0) return; // a message with data: a record of it
        Assert.Empty(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
        var instance = type.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static);
        Assert.NotNull(instance);
        Assert.Same(instance.GetValue(null), instance.GetValue(null));
    }

    [Fact]
    public void NativeIn_TensorsHandlesAndOwnersOfThem_Found()
    {
        // The check above must be able to fail: the shapes it refuses.
        Assert.NotNull(NativeIn(typeof(Tensor), new HashSet<Type>()));
        Assert.NotNull(NativeIn(typeof(Tensor[]), new HashSet<Type>()));
        Assert.NotNull(NativeIn(typeof(IReadOnlyList<Parameter>), new HashSet<Type>()));
        Assert.NotNull(NativeIn(typeof(Model), new HashSet<Type>()));
        Assert.NotNull(NativeIn(typeof(nint), new HashSet<Type>()));
        Assert.NotNull(NativeIn(typeof(Microsoft.Win32.SafeHandles.SafeFileHandle), new HashSet<Type>()));
        Assert.NotNull(NativeIn(typeof(Trainer.Worker.ParameterSet), new HashSet<Type>()));
        Assert.NotNull(NativeIn(typeof(Trainer.Worker.GradientView), new HashSet<Type>())); // nint addresses inside
        Assert.Null(NativeIn(typeof(float[]), new HashSet<Type>()));
        Assert.Null(NativeIn(typeof(IReadOnlyDictionary<string, int>), new HashSet<Type>()));
        Assert.Null(NativeIn(typeof(LoadWeights[]), new HashSet<Type>()));
        Assert.Null(NativeIn(typeof(IActorRef), new HashSet<Type>()));
    }

    /// <summary>What in <paramref name="type"/> is native (a TorchSharp type, a pointer or handle, something to dispose), or null when it is plain data.</summary>
    private static string? NativeIn(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type)) return null;
        if (type.IsPointer || type == typeof(nint) || type == typeof(nuint)) return "a native pointer";
        if (type.Assembly == typeof(torch).Assembly) return $"a TorchSharp {type.Name}";
        if (typeof(SafeHandle).IsAssignableFrom(type)) return "a native handle";
        if (typeof(IDisposable).IsAssignableFrom(type)) return $"a disposable {type.Name} (it owns a resource)";
        if (type.HasElementType) return NativeIn(type.GetElementType()!, seen);
        if (type.IsGenericType)
            foreach (var argument in type.GetGenericArguments())
                if (NativeIn(argument, seen) is { } inArgument) return inArgument;
        // Trainer's own types are looked into: a class of ours may wrap a native thing (GradientView holds addresses).
        if (type.Assembly.GetName().Name?.StartsWith("Trainer", StringComparison.Ordinal) == true && !type.IsEnum)
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
                if (NativeIn(field.FieldType, seen) is { } inField) return $"{inField} (in {type.Name}.{field.Name})";
        return null;
    }

    private static IEnumerable<Type> TopLevelTypes(Assembly assembly, string ns) =>
        assembly.GetTypes().Where(t => t.Namespace == ns && !t.IsNested && t.GetCustomAttribute<CompilerGeneratedAttribute>() is null);

    // The compiler gives every record (and only records) a clone method of this name.
    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static Type Find(string name) => MessageTypes.Single(t => t.FullName == name);
}
