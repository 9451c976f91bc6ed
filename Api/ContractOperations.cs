namespace ImServerTests.Api;

/// <summary>The operations of the contract (contract/imserver.asyncapi.yaml) whose messages an Api step expects.</summary>
public static class ContractOperations
{
    public const string SendMatch = "sendMatch";
    public const string SendNormal = "sendNormal";
    public const string SendUnreadableFrame = "sendUnreadableFrame";
    public const string ReceiveTeacherPush = "receiveTeacherPush";
    public const string ReceiveRelayedChat = "receiveRelayedChat";
}
