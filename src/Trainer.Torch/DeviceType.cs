namespace Trainer.Torch;

/// <summary>Device kinds; the values are c10::DeviceType's.</summary>
public enum DeviceType
{
    CPU = 0,
    CUDA = 1,
}
