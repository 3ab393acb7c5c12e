// Actors by their Akka names; TorchSharp's names come from build/TorchUsings.cs.
global using Akka.Actor;
