namespace Trainer.Shared.Actors;

/// <summary>
/// Where an actor lives: <c>trainer://system/user/parent/child</c>. Paths are plain data so
/// that a remote ref can carry the same address over the wire later.
/// </summary>
public sealed record ActorPath(string System, string Address)
{
    /// <summary>The last element of the path (the actor's name).</summary>
    public string Name => Address[(Address.LastIndexOf('/') + 1)..];

    /// <summary>The path of a child called <paramref name="name"/>.</summary>
    public ActorPath Child(string name) => this with { Address = $"{Address}/{name}" };

    public override string ToString() => $"trainer://{System}/{Address}";
}
