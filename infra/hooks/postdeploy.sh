#!/bin/sh
# azd postdeploy hook: subscribes the NewDataArrivedEventGrid blob trigger to BlobCreated events under
# {container}/incoming/. Runs after the code is deployed, when the blobs extension's system key exists.
# Needs the Azure CLI (az), signed in; azd provides the outputs of infra/main.bicep as environment variables.
set -eu

for name in AZURE_FUNCTION_APP_NAME AZURE_RESOURCE_GROUP AZURE_EVENTGRID_SYSTEM_TOPIC ARTIFACT_CONTAINER; do
  eval "value=\${$name:-}"
  if [ -z "$value" ]; then
    echo "postdeploy: $name is not set; run this through 'azd up' or 'azd deploy' (it sets the template's outputs)." >&2
    exit 1
  fi
done

key=$(az functionapp keys list --name "$AZURE_FUNCTION_APP_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
  --query "systemKeys.blobs_extension" --output tsv)
if [ -z "$key" ]; then
  echo "postdeploy: the app has no blobs_extension key yet; wait a minute for the host to start and run 'azd hooks run postdeploy'." >&2
  exit 1
fi

host=$(az functionapp show --name "$AZURE_FUNCTION_APP_NAME" --resource-group "$AZURE_RESOURCE_GROUP" --query defaultHostName --output tsv)
az eventgrid system-topic event-subscription create \
  --name new-data-arrived \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --system-topic-name "$AZURE_EVENTGRID_SYSTEM_TOPIC" \
  --endpoint-type webhook \
  --endpoint "https://$host/runtime/webhooks/blobs?functionName=Host.Functions.NewDataArrivedEventGrid&code=$key" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with "/blobServices/default/containers/$ARTIFACT_CONTAINER/blobs/incoming/" \
  --output none
echo "postdeploy: Event Grid delivers uploads under $ARTIFACT_CONTAINER/incoming/ to NewDataArrivedEventGrid."
