// RetrainFunctions in Azure: one resource group holding the storage account (artifacts, the Durable task hub, the
// deployment package), a Flex Consumption plan on Linux running the .NET 10 isolated function app under a
// user-assigned managed identity (no account keys anywhere), Application Insights on Log Analytics, and the Event Grid
// system topic the blob trigger's subscription hangs on (the subscription itself is made after deployment by
// hooks/postdeploy.sh, because it needs the blobs extension's system key). See docs/azure.md.
targetScope = 'resourceGroup'

@description('Short name of the environment (azd sets it): used in every resource name.')
@minLength(2)
@maxLength(20)
param environmentName string

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('The artifact container: datasets, models, run records. The blob trigger watches its incoming/ folder.')
param artifactContainerName string = 'retrain'

@description('NCRONTAB schedule (with seconds) of the weekly retraining timer.')
param retrainSchedule string = '0 0 0 * * 0'

@description('Memory of each instance, in MB: 4096 fits about 5 million rows per training activity (docs/azure.md).')
@allowed([
  2048
  4096
])
param instanceMemoryMB int = 4096

@description('Most instances the plan scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 20

var suffix = uniqueString(subscription().id, resourceGroup().id, environmentName)
var tags = { 'azd-env-name': environmentName }
var deploymentContainerName = 'app-package'
var blobEndpoint = 'https://${storage.name}.blob.${environment().suffixes.storage}'
var queueEndpoint = 'https://${storage.name}.queue.${environment().suffixes.storage}'

// Built-in role definitions the identity needs on the storage account, and for telemetry.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-retrain-${suffix}'
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stretrain${suffix}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource artifactContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: artifactContainerName
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
    name: guid(storage.id, identity.id, role)
    scope: storage
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-retrain-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-retrain-${suffix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

resource insightsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-retrain-${suffix}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-retrain-${suffix}'
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}/${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // Host and Durable task hub storage, by identity.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        // The account the blob trigger watches, by identity.
        { name: 'ArtifactStorage__blobServiceUri', value: blobEndpoint }
        { name: 'ArtifactStorage__queueServiceUri', value: queueEndpoint }
        { name: 'ArtifactStorage__credential', value: 'managedidentity' }
        { name: 'ArtifactStorage__clientId', value: identity.properties.clientId }
        // The artifact store (DefaultAzureCredential picks the identity named by AZURE_CLIENT_ID).
        { name: 'ArtifactStore__AccountUrl', value: blobEndpoint }
        { name: 'ArtifactStore__ContainerName', value: artifactContainer.name }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'RetrainSchedule', value: retrainSchedule }
        // Flex Consumption runs the Event Grid blob trigger only.
        { name: 'AzureWebJobs.NewDataArrived.Disabled', value: 'true' }
        // Telemetry to Application Insights, authenticated by the identity (local auth is off).
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
      ]
    }
  }
  dependsOn: [
    storageRoles
    deploymentContainer
  ]
}

// The blob trigger's Event Grid source: the system topic here, the subscription in hooks/postdeploy.sh.
resource storageEvents 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' = {
  name: 'evgt-retrain-${suffix}'
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output AZURE_FUNCTION_APP_NAME string = app.name
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output AZURE_STORAGE_ACCOUNT string = storage.name
output AZURE_EVENTGRID_SYSTEM_TOPIC string = storageEvents.name
output ARTIFACT_CONTAINER string = artifactContainer.name
